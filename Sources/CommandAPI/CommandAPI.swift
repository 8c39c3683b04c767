/// The HTTP write API: commands in, aggregate versions out.
public enum CommandAPIModule {}
