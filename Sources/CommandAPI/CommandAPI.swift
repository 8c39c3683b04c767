/// The command side's front doors.
///
/// - HTTP (``buildCommandApplication(configuration:handler:readiness:logger:)``): one
///   route per product command, answers `{"id", "version"}` or a JSON error.
/// - The transport-neutral intake that the command queue shares: ``CommandSubmission``
///   (strict body decoding), ``CommandService`` (runs it), ``CommandResult`` (status and body).
public enum CommandAPIModule {}
