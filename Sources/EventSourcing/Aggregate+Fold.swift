extension Aggregate {
    /// Applies `events` in order to `state` (the initial state by default).
    public static func fold(_ events: some Sequence<Event>, from state: State = Self.initialState) -> State {
        events.reduce(state) { evolve($0, $1) }
    }

    /// Decides `command` against the state folded from `history`, the way a
    /// command handler does after loading a stream.
    public static func decide(_ command: Command, given history: some Sequence<Event>) throws -> [Event] {
        try decide(command, state: fold(history))
    }
}
