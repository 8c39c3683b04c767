/// The read side's runtime: consumer-group projectors that apply events to the
/// read store with an exactly-once effect.
public enum ProjectorRuntimeModule {}
