import Foundation
import Logging

/// swift-log's handler for `hera` and the experiments: a log line is said through
/// ``Diagnostics`` headed by its level (`debug: launching pod greet-123 [node=greet-123]`), so
/// that logs and messages share one destination and one escaping.
///
/// Logs are what the engine does, for finding out why (`HERA_LOG_LEVEL=debug hera run …`);
/// what a person must be told is said as a message, whatever the level.
package struct DiagnosticsLogHandler: LogHandler {
  /// The levels `HERA_LOG_LEVEL` takes, as swift-log names them.
  package static let levelNames = Logger.Level.allCases.map(\.rawValue)
  /// Without `HERA_LOG_LEVEL`: only what went wrong, which the messages mostly say already.
  package static let defaultLevel = Logger.Level.warning

  package var logLevel: Logger.Level
  package var metadata: Logger.Metadata = [:]
  package var metadataProvider: Logger.MetadataProvider?
  private let diagnostics: Diagnostics

  package init(level: Logger.Level, diagnostics: Diagnostics = .standard) {
    logLevel = level
    self.diagnostics = diagnostics
  }

  package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  package func log(event: LogEvent) {
    var merged = metadata
    if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
    if let own = event.metadata { merged.merge(own) { $1 } }
    let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    let details = pairs.isEmpty ? "" : " [" + pairs.joined(separator: " ") + "]"
    diagnostics.say(Diagnostics.Severity(event.level.rawValue), "\(event.message)\(details)")
  }

  /// The level `HERA_LOG_LEVEL` names, or the default with a warning naming the levels when it
  /// names none.
  package static func level(from environment: [String: String]) -> (level: Logger.Level, warning: String?) {
    guard let value = environment["HERA_LOG_LEVEL"], !value.isEmpty else { return (defaultLevel, nil) }
    if let level = Logger.Level(rawValue: value.lowercased()) { return (level, nil) }
    let levels = levelNames.joined(separator: ", ")
    return (defaultLevel, "HERA_LOG_LEVEL=\(value) is not a level; it is one of \(levels) (\(defaultLevel) is used)")
  }

  /// Makes every `Logger` of the process say its lines through `diagnostics`, at the level of
  /// `HERA_LOG_LEVEL`. swift-log allows this once per process: the boundary's `main` calls it.
  package static func bootstrap(
    environment: [String: String] = ProcessInfo.processInfo.environment, diagnostics: Diagnostics = .standard
  ) {
    let (level, warning) = level(from: environment)
    if let warning { diagnostics.warning(warning) }
    LoggingSystem.bootstrap { _ in DiagnosticsLogHandler(level: level, diagnostics: diagnostics) }
  }
}
