// swift-tools-version:6.1
import PackageDescription

/// Every target of ours is built in Swift 6 language mode from this one list.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

let package = Package(
    name: "redis-cqrs",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cqrs", targets: ["cqrs"]),
        .library(name: "RedisClient", targets: ["RedisClient"]),
        .library(name: "EventSourcing", targets: ["EventSourcing"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "ProjectorRuntime", targets: ["ProjectorRuntime"]),
        .library(name: "ProductReadModel", targets: ["ProductReadModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.5.1"),
    ],
    targets: [
        // C library hiredis (Debian: libhiredis-dev). Imported by RedisClient only.
        .systemLibrary(
            name: "CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // Non-blocking, auto-pipelining Redis client: SwiftNIO channel, RESP encoder, hiredis reader.
        .target(
            name: "RedisClient",
            dependencies: [
                "CHiredis", .product(name: "Logging", package: "swift-log"), .product(name: "CoreMetrics", package: "swift-metrics"),
            ] + nio,
            swiftSettings: swiftSettings
        ),
        // Starts and stops real redis-server processes (tests, benchmarks, local runs).
        .target(
            name: "LocalRedis",
            dependencies: ["RedisClient"],
            swiftSettings: swiftSettings
        ),
        // Pure event-sourcing vocabulary: envelopes, expected versions, upcasting. No Redis, no NIO.
        .target(name: "EventSourcing", swiftSettings: swiftSettings),
        // The reference domain, the product catalogue: decide/evolve. No Redis, no NIO.
        .target(name: "ProductCatalog", dependencies: ["EventSourcing"], swiftSettings: swiftSettings),
        // Partitioned event log on Redis Streams with atomic, idempotent appends (Redis Functions).
        .target(
            name: "EventStore",
            dependencies: ["EventSourcing", "RedisClient", .product(name: "Logging", package: "swift-log")],
            resources: [.copy("Lua")],
            swiftSettings: swiftSettings
        ),
        // Consumer-group projectors that apply events to the read store exactly once in effect.
        .target(
            name: "ProjectorRuntime",
            dependencies: [
                "EventSourcing", "EventStore", "RedisClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Lua")],
            swiftSettings: swiftSettings
        ),
        // The product catalogue's read models: the projection, its Lua apply library, queries.
        .target(
            name: "ProductReadModel",
            dependencies: ["ProjectorRuntime", "ProductCatalog", "EventSourcing", "RedisClient"],
            resources: [.copy("Lua")],
            swiftSettings: swiftSettings
        ),
        // HTTP write API: commands in, versions out. Also the transport-neutral command
        // intake (body decoding, validation, status mapping) that the command queue reuses.
        .target(
            name: "CommandAPI",
            dependencies: [
                "ProductCatalog", "EventStore", "RedisClient", "HTTPErrors", "MetricsEndpoint", prometheus,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        // Commands sent with XADD to `<prefix>:commands`, run by consumer-group workers.
        .target(
            name: "CommandQueue",
            dependencies: [
                "CommandAPI", "ProductCatalog", "RedisClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP read API over the read models only.
        .target(
            name: "QueryAPI",
            dependencies: [
                "RedisClient", "ProductReadModel", "ProjectorRuntime", "HTTPErrors", "MetricsEndpoint", prometheus,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        // Prometheus metrics of the cqrs processes: /metrics server, projection lag sampler.
        .target(
            name: "ProcessMetrics",
            dependencies: [
                "ProjectorRuntime", "MetricsEndpoint", prometheus,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // GET /metrics over a Prometheus registry: both HTTP APIs and the small metrics server.
        .target(
            name: "MetricsEndpoint",
            dependencies: [prometheus, .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings
        ),
        // What both HTTP APIs share: the route table and the JSON error net (404/405/500).
        .target(
            name: "HTTPErrors",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks run by `cqrs bench` and `make bench`.
        .target(
            name: "Benchmarks",
            dependencies: [
                "RedisClient", "LocalRedis", "EventStore", "EventSourcing", "ProductCatalog", "ProjectorRuntime", "ProductReadModel",
                "CommandAPI", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The `cqrs` command line.
        .executableTarget(
            name: "cqrs",
            dependencies: [
                "RedisClient", "LocalRedis", "EventStore", "ProjectorRuntime",
                "CommandAPI", "CommandQueue", "QueryAPI", "Benchmarks", "ProductCatalog", "EventSourcing", "ProductReadModel", "ProcessMetrics",
                prometheus, .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "RESPTests", dependencies: ["RedisClient"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RedisClientTests",
            dependencies: ["RedisClient", "LocalRedis", .product(name: "MetricsTestKit", package: "swift-metrics")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ProductCatalogTests", dependencies: ["ProductCatalog"], swiftSettings: swiftSettings),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ProcessMetricsTests",
            dependencies: ["ProcessMetrics", "ProjectorRuntime", "ProductReadModel", "EventStore", "LocalRedis", "RedisClient"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CommandAPITests",
            dependencies: [
                "CommandAPI", "CommandQueue", "LocalRedis", "EventStore", "EventSourcing", "ProductCatalog", "RedisClient",
                "MetricsEndpoint", prometheus,
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: ["EventStore", "EventSourcing", "ProductCatalog", "LocalRedis", "RedisClient"],
            swiftSettings: swiftSettings
        ),
        // Projectors and product read models against real redis-server processes.
        .testTarget(
            name: "ReadSideTests",
            dependencies: [
                "ProjectorRuntime", "ProductReadModel", "EventStore", "EventSourcing", "ProductCatalog", "LocalRedis", "RedisClient",
                "Benchmarks",
            ],
            swiftSettings: swiftSettings
        ),
        // deploy/: the Redis configs and the ACL roles, loaded as shipped.
        .testTarget(
            name: "DeployTests",
            dependencies: [
                "ProjectorRuntime", "ProductReadModel", "EventStore", "EventSourcing", "ProductCatalog", "CommandQueue", "CommandAPI",
                "LocalRedis", "RedisClient", "Benchmarks",
            ],
            swiftSettings: swiftSettings
        ),
        // The query API over read models produced by the real projector from real commands.
        .testTarget(
            name: "QueryAPITests",
            dependencies: [
                "QueryAPI", "ProjectorRuntime", "ProductReadModel", "EventStore", "EventSourcing", "ProductCatalog", "LocalRedis", "RedisClient",
                "MetricsEndpoint", prometheus,
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
