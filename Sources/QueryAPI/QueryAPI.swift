/// The HTTP read API: reads the live generation of the read models and nothing else
/// (never the event log). Start with ``buildQueryApplication(configuration:servers:logger:)``.
public enum QueryAPIModule {}
