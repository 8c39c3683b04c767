extension Aggregate {
    /// Applies `events` in order to `state` (the initial state by default). The state
    /// passes from one `evolve` to the next without a copy.
    @inlinable
    public static func fold(_ events: some Sequence<Event>, from state: consuming State = Self.initialState) -> State {
        for event in events {
            state = evolve(consume state, event)
        }
        return state
    }

    /// Decides `command` against the state folded from `history`, the way a
    /// command handler does after loading a stream.
    @inlinable
    public static func decide(_ command: Command, given history: some Sequence<Event>) throws -> [Event] {
        try decide(command, state: fold(history))
    }
}
