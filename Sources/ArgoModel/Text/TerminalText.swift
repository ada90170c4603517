/// Text that came from input (a manifest, a server's answer, a container), made fit to show a
/// person on a terminal.
///
/// A value may hold control characters: `ESC [2J` clears the screen, `ESC [1A` and a carriage
/// return write over lines already shown, and bidirectional overrides reorder what is read. A
/// value may also be megabytes long. `escaped(_:)` makes every such character visible
/// (`\u{1B}`), and `shortened(_:first:last:)` keeps the ends of a long text and says how long
/// it was. HeraCLI's `Terminal` applies both to every line of text it writes, so that no
/// message, whatever it quotes, reaches the terminal raw; data (rendered manifests, logs) is
/// written as bytes, untouched.
///
/// ```swift
/// TerminalText.escaped("name\u{1B}[2J")              // "name\\u{1B}[2J"
/// TerminalText.shortened(String(repeating: "x", count: 10_000), first: 5)
/// // "xxxxx… (10000 bytes)"
/// ```
public enum TerminalText {
  /// Whether a terminal could act on `scalar` rather than show it: C0 and C1 controls, DEL, the
  /// line and paragraph separators, and the bidirectional embeddings, overrides and isolates.
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F: return true
    default: return false
    }
  }

  /// `text` with each control character written as Swift writes it in a string, `\u{1B}`.
  ///
  /// - Parameter keepingLineBreaks: whether newlines and tabs stay as they are (a message's
  ///   own lines); when false they are escaped too, for text that must stay on one line.
  public static func escaped(_ text: String, keepingLineBreaks: Bool = true) -> String {
    func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
      isControl(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t"))
    }
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) {
        result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// `text` as it is when it has at most `first + last` characters; else its first `first`
  /// characters, its size, and its last `last` characters: `"abc… (8388608 bytes)"`, or
  /// `"abc… (8388608 bytes) …xyz"`.
  public static func shortened(_ text: String, first: Int = 200, last: Int = 0) -> String {
    let head = text.prefix(first + last)
    guard head.endIndex < text.endIndex else { return text }
    let tail = last > 0 ? " …" + String(text.suffix(last)) : ""
    return String(text.prefix(first)) + "… (\(text.utf8.count) bytes)" + tail
  }

  /// The longest line, in characters, that `forDisplay(_:)` writes whole.
  public static let maxLineLength = 4_096

  /// Text for a person: each line escaped (see `escaped(_:keepingLineBreaks:)`), and a line
  /// longer than `maxLineLength` characters shortened to its first 2,000 and last 500, so that
  /// an error quoting an 8 MB value names it without repeating it.
  public static func forDisplay(_ text: String) -> String {
    let escapedText = escaped(text)
    guard escapedText.utf8.count > maxLineLength else { return escapedText }
    return escapedText.split(separator: "\n", omittingEmptySubsequences: false)
      .map { line in line.utf8.count > maxLineLength ? shortened(String(line), first: 2_000, last: 500) : String(line) }
      .joined(separator: "\n")
  }
}
