#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A child process started with posix_spawn and reaped with waitpid by us, so its
/// exit is seen at once (Foundation's `Process` reports it late on Linux). Tests use it
/// for redis-server and for our own executables (kill -9 and restart).
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let exitStatus = Mutex<Int32?>(nil)

    private init(pid: pid_t) { self.pid = pid }

    /// Starts `path` with `arguments`; stdin reads /dev/null, stdout and stderr go to
    /// /dev/null or are appended to `outputPath`. `environment` replaces the inherited one.
    public static func spawn(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil, outputPath: String? = nil
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
        // The calling thread may block signals (thread pools often do); the child
        // must not inherit that, or it would ignore SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let status = envp.map { posix_spawn(&pid, path, &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw LocalRedisError("cannot start \(path): \(String(cString: strerror(status)))")
        }
        return ChildProcess(pid: pid)
    }

    /// True until the process has exited (and then it is reaped).
    public var isRunning: Bool {
        exitStatus.withLock { status in
            if status != nil { return false }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid || (result == -1 && errno == ECHILD) {
                status = raw
                return false
            }
            return true
        }
    }

    /// The exit code once the process has exited by itself; nil while it runs, or when a
    /// signal ended it.
    public var exitCode: Int32? {
        guard !isRunning, let raw = exitStatus.withLock({ $0 }), raw & 0x7f == 0 else { return nil }
        return (raw >> 8) & 0xff
    }

    /// Sends a signal (SIGKILL for a crash, SIGTERM for a graceful stop) while it runs.
    public func signal(_ signal: Int32) {
        if isRunning { _ = kill(pid, signal) }
    }

    /// Sends `signal` (after SIGCONT, in case it is paused) and waits up to `grace` for
    /// the exit; then SIGKILL, and waits for that.
    public func stop(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) async {
        guard isRunning else { return }
        self.signal(SIGCONT)
        self.signal(signal)
        let deadline = ContinuousClock.now + grace
        while isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        if isRunning {
            self.signal(SIGKILL)
            while isRunning { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }
}
