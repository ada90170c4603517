import ArgoModel
import Hera

/// The one way notes, warnings, errors, lint findings and logs reach the person at the terminal.
///
/// Every message is said in one format, the format of a ``CommandFailure`` at the boundary:
///
/// ```
/// warning: the run r is interrupted: nothing runs it
///   hint: hera run --resume r goes on
/// ```
///
/// Text goes through `TerminalText.forDisplay` here, once, whatever the destination: a name from
/// a manifest holding `ESC [2J` is shown escaped in a test's capture as on the terminal.
///
/// Code that says something takes a `Diagnostics` (``standard`` by default), so that a test can
/// give one that captures:
///
/// ```swift
/// let said = Mutex<String>("")
/// let diagnostics = Diagnostics { text in said.withLock { $0 += text } }
/// diagnostics.warning("no token", hint: "set ARGO_TOKEN")
/// ```
///
/// Data (rendered manifests, tables, logs of containers) is not said here: it goes to standard
/// output through `Terminal`.
package struct Diagnostics: Sendable {
  /// How a message is headed. A log line is headed by its level (`debug: …`), so a log handler
  /// makes its own.
  package struct Severity: Sendable, Hashable, CustomStringConvertible {
    package let name: String

    package init(_ name: String) {
      self.name = name
    }

    package static let note = Severity("note")
    package static let warning = Severity("warning")
    package static let error = Severity("error")

    package var description: String { name }
  }

  private let destination: @Sendable (String) -> Void

  /// Says everything on `terminal`.
  package init(terminal: Terminal = .standardError) {
    // The text is escaped already: written as data so that it is not escaped twice.
    destination = { terminal.write(Array($0.utf8)) }
  }

  /// Gives everything said to `destination`, escaped as the terminal would be given it.
  package init(_ destination: @escaping @Sendable (String) -> Void) {
    self.destination = destination
  }

  /// Standard error: what the commands of `hera` and the experiments say.
  package static let standard = Diagnostics()

  /// `severity: message` with its `  hint: …` line, each ending with a line break; with a
  /// subject, `subject: severity: message` (a resource a server refused among several).
  package static func format(_ severity: Severity, _ message: String, hint: String? = nil, subject: String? = nil) -> String {
    (subject.map { "\($0): " } ?? "") + "\(severity): \(message)\n" + (hint.map { "  hint: \($0)\n" } ?? "")
  }

  /// Says a message in the one format.
  ///
  /// - Parameter breakingLine: starts on a line of its own, for what is said while a live
  ///   progress display may have left the cursor mid-line.
  package func say(_ severity: Severity, _ message: String, hint: String? = nil, subject: String? = nil, breakingLine: Bool = false) {
    emit((breakingLine ? "\n" : "") + Self.format(severity, message, hint: hint, subject: subject))
  }

  package func note(_ message: String, hint: String? = nil) {
    say(.note, message, hint: hint)
  }

  package func warning(_ message: String, hint: String? = nil) {
    say(.warning, message, hint: hint)
  }

  package func error(_ message: String, hint: String? = nil, subject: String? = nil) {
    say(.error, message, hint: hint, subject: subject)
  }

  /// A failure that ends the command, as the boundary says it.
  package func say(_ failure: CommandFailure) {
    emit(failure.description)
  }

  /// A finding of lint, `place: error: path: message (hint) [rule]`, its place being the file
  /// and line when the workflow came from one.
  package func lint(_ diagnostic: Diagnostic, at place: String? = nil) {
    emit((place.map { "\($0): " } ?? "") + "\(diagnostic)\n")
  }

  /// Text that is not a message of one severity, said as it is (with a line break at its end
  /// when it has none): "No workflows found.", "stopping: …" after Ctrl-C, an access check's
  /// report.
  package func say(_ text: String, breakingLine: Bool = false) {
    emit((breakingLine ? "\n" : "") + text + (text.hasSuffix("\n") ? "" : "\n"))
  }

  private func emit(_ text: String) {
    destination(TerminalText.forDisplay(text))
  }
}
