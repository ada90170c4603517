import Logging

/// The engine's log: pods launched and ended, the commands given to podman or docker. It is for
/// finding out why a run did what it did (`HERA_LOG_LEVEL=debug`); what a user must know is in
/// the run's status and its errors. The process that runs the engine decides where it goes
/// (`LoggingSystem.bootstrap`); without that, swift-log's default shows nothing below `info`.
///
/// Never logged: values of Secrets or of the environment, and a container's own command line,
/// which may hold them (`$(TOKEN)` is expanded into it).
enum EngineLog {
  // Made at its first use, after the command line has bootstrapped logging.
  static let logger = Logger(label: "hera.local-engine")
}
