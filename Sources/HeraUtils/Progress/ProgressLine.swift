import ArgoModel

/// How a piece of a progress line is shown on a colour terminal.
///
/// Styles carry meaning (a phase, a detail of lesser importance) rather than colours, so that the
/// same frame prints as plain text in a pipe, in a test or with `NO_COLOR` set.
public struct ProgressStyle: Sendable, Hashable {
  /// The SGR parameters of the style, or `nil` for unstyled text.
  let parameters: String?

  public static let plain = ProgressStyle(parameters: nil)
  /// Details: skipped and omitted nodes, counts of folded lines, durations.
  public static let dim = ProgressStyle(parameters: "2")
  public static let bold = ProgressStyle(parameters: "1")
  public static let succeeded = ProgressStyle(parameters: "32")
  public static let running = ProgressStyle(parameters: "36")
  public static let pending = ProgressStyle(parameters: "33")
  public static let failed = ProgressStyle(parameters: "31")
  public static let suspended = ProgressStyle(parameters: "35")
}

/// A run of text in one style.
public struct ProgressSpan: Sendable, Hashable {
  public var text: String
  public var style: ProgressStyle

  /// A span of `text`, whose control characters (a node's message from the server may hold an
  /// escape sequence or a line break) are shown escaped, so that the frame keeps its lines.
  public init(_ text: String, _ style: ProgressStyle = .plain) {
    self.text = TerminalText.escaped(text, keepingLineBreaks: false)
    self.style = style
  }
}

/// One line of a progress frame: spans of styled text, without a line break.
public struct ProgressLine: Sendable, Hashable, CustomStringConvertible {
  public var spans: [ProgressSpan]

  public init(_ spans: [ProgressSpan]) {
    self.spans = spans
  }

  /// The line as plain text.
  public var text: String { spans.map(\.text).joined() }
  public var description: String { text }

  /// The number of characters the line takes on a terminal, counting each character as one column.
  var width: Int { spans.reduce(0) { $0 + $1.text.count } }

  /// The line with ANSI colour sequences when `colors` is true, else as plain text.
  public func rendered(colors: Bool) -> String {
    guard colors else { return text }
    var result = ""
    for span in spans {
      if let parameters = span.style.parameters, !span.text.isEmpty {
        result += "\u{1B}[\(parameters)m\(span.text)\u{1B}[0m"
      } else {
        result += span.text
      }
    }
    return result
  }

  /// The line cut to `width` columns, its last visible character replaced by `ellipsis`.
  ///
  /// A line wider than the terminal wraps onto a second row, and the in-place redraw, which
  /// moves the cursor up by the number of lines it wrote, would then leave a stale row behind.
  func truncated(toWidth width: Int, ellipsis: String) -> ProgressLine {
    guard width > 0, self.width > width else { return self }
    var remaining = width - ellipsis.count
    var kept: [ProgressSpan] = []
    for span in spans where remaining > 0 {
      let count = span.text.count
      if count <= remaining {
        kept.append(span)
        remaining -= count
      } else {
        kept.append(ProgressSpan(String(span.text.prefix(remaining)), span.style))
        remaining = 0
      }
    }
    kept.append(ProgressSpan(ellipsis, .dim))
    return ProgressLine(kept)
  }
}

/// The characters the display draws with: phase symbols and the branches of the node tree.
///
/// `.unicode` is the default; `.ascii` is for terminals and log collectors that mangle anything
/// else. Every symbol is one column wide.
public struct ProgressSymbols: Sendable, Hashable {
  public var succeeded: String
  public var running: String
  public var pending: String
  public var failed: String
  public var error: String
  public var skipped: String
  public var suspended: String
  /// Between a fanned-out task's name and its member count: `process ×120`.
  public var times: String
  public var ellipsis: String
  /// A child that has siblings after it, its continuation, the last child, and the space under it.
  var tee: String
  var pipe: String
  var corner: String
  var blank: String
  /// The first of several steps that run in parallel in one step group, and a step alone in its group.
  var groupStart: String
  var groupSingle: String

  public static let unicode = ProgressSymbols(
    succeeded: "✔", running: "●", pending: "◷", failed: "✖", error: "⚠", skipped: "○", suspended: "‖",
    times: "×", ellipsis: "…",
    tee: "├─", pipe: "│ ", corner: "└─", blank: "  ", groupStart: "┬─", groupSingle: "──")

  public static let ascii = ProgressSymbols(
    succeeded: "+", running: "*", pending: ".", failed: "x", error: "!", skipped: "-", suspended: "=",
    times: "x", ellipsis: "...",
    tee: "|-", pipe: "| ", corner: "`-", blank: "  ", groupStart: "+-", groupSingle: "--")

  func symbol(_ phase: ProgressPhase) -> String {
    switch phase {
    case .succeeded: succeeded
    case .running: running
    case .suspended: suspended
    case .pending: pending
    case .failed: failed
    case .error: error
    case .skipped, .omitted: skipped
    }
  }
}

extension ProgressPhase {
  /// The style of the phase's symbol.
  var style: ProgressStyle {
    switch self {
    case .succeeded: .succeeded
    case .running: .running
    case .suspended: .suspended
    case .pending: .pending
    case .failed, .error: .failed
    case .skipped, .omitted: .dim
    }
  }
}
