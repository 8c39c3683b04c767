/// The HTTP read API: reads the live read models and nothing else.
public enum QueryAPIModule {}
