/// Benchmarks run by `cqrs bench` (and `make bench`).
public enum Benchmarks {}
