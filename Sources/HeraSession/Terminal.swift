import ArgoModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Standard output and error, written to directly and completely.
///
/// Two ways to write, and the type says which: **text** (`write(_: String)`) is for people, and
/// goes through `TerminalText.forDisplay`: a control character is shown escaped (`\u{1B}`), never
/// acted on, and a line of more than 4,096 characters is shortened to its ends. Every message,
/// diagnostic, warning and table is text, so a value it quotes from a manifest or a server (a
/// name holding `ESC [2J`, a carriage return that writes over an earlier line, an 8 MB string)
/// reaches the terminal harmless, without each message having to remember it. Newlines and
/// tabs pass, as our messages are made of lines.
///
/// **Data** (`write(_: [UInt8])`) is written byte for byte: rendered manifests, whose writers
/// escape what their format needs, and container logs, which are the container's own, as
/// `kubectl logs` shows them.
package struct Terminal: Sendable {
  package let descriptor: Int32

  package init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  package static let standardOutput = Terminal(descriptor: 1)
  package static let standardError = Terminal(descriptor: 2)

  /// Writes text for a person, escaped and with long lines shortened (see the type's notes).
  package func write(_ text: String) {
    write(Array(TerminalText.forDisplay(text).utf8))
  }

  /// Writes data as it is; a closed pipe ends it silently, as nothing more can be said.
  package func write(_ bytes: [UInt8]) {
    FileDescriptorWriting.writeFully(bytes, to: descriptor)
  }
}
