import ArgoModel
import Foundation

/// How the progress of a workflow is shown: the value of `--progress`.
public struct ProgressMode: Sendable, Hashable, CustomStringConvertible {
  enum Kind: String, Sendable, Hashable {
    case automatic = "auto"
    case terminal = "tty"
    case plain
    case none
  }

  let kind: Kind

  /// Redrawn in place when the output is a terminal, a log of changes otherwise.
  public static let automatic = ProgressMode(kind: .automatic)
  /// Redrawn in place, whatever the output (``TerminalProgressRenderer``).
  public static let terminal = ProgressMode(kind: .terminal)
  /// A line per change and a summary (``PlainProgressRenderer``).
  public static let plain = ProgressMode(kind: .plain)
  /// Nothing (`--progress=none`; not named `none`, which `Optional` already means).
  public static let off = ProgressMode(kind: .none)

  /// The mode named on a command line: `auto`, `tty`, `plain` or `none`.
  public init?(argument: String) {
    guard let kind = Kind(rawValue: argument.lowercased()) else { return nil }
    self.kind = kind
  }

  private init(kind: Kind) {
    self.kind = kind
  }

  /// The names ``init(argument:)`` accepts.
  public static let argumentNames = ["auto", "tty", "plain", "none"]

  public var description: String { kind.rawValue }
}

/// The live progress display of a workflow, shared by `hera watch` and local runs: give it each
/// new status of the workflow, then the last one.
///
/// In ``ProgressMode/automatic`` mode, it redraws a frame in place when its output is a
/// terminal (`isatty`) whose `TERM` is not `dumb`, and writes a line per change otherwise.
/// Colours are used on a terminal unless `NO_COLOR` is set to anything but the empty string.
///
/// ```swift
/// var display = ProgressDisplay(mode: ProgressMode(argument: progressFlag) ?? .automatic)
/// var last = workflow
/// for try await workflow in client.watch(name) {   // each new status
///   display.update(workflow)
///   last = workflow
///   if WorkflowProgress(workflow).isFinished { break }
/// }
/// display.finish(last)
/// ```
///
/// The display does no I/O but writing to its ``ProgressOutput``; the caller decides when to
/// update (on each status from a watch stream, or on a timer so that durations tick).
public struct ProgressDisplay: Sendable {
  private enum Renderer: Sendable {
    case terminal(TerminalProgressRenderer)
    case plain(PlainProgressRenderer)
    case none
  }

  private var renderer: Renderer
  private let output: ProgressOutput
  private let environment: [String: String]

  /// The mode in effect: ``ProgressMode/automatic`` resolved to `terminal` or `plain`.
  public let mode: ProgressMode

  /// - Parameters:
  ///   - mode: how to show progress; `.automatic` looks at `output`.
  ///   - options: the layout; on a terminal, its size sets `maxLines` and `maxWidth`.
  ///   - output: where to write (standard output by default).
  ///   - environment: where `NO_COLOR`, `TERM`, `COLUMNS` and `LINES` are read.
  public init(
    mode: ProgressMode = .automatic, options: ProgressOptions = ProgressOptions(),
    output: ProgressOutput = .standardOutput,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.output = output
    self.environment = environment
    let dumb = environment["TERM"] == "dumb"
    var resolved = mode
    if mode == .automatic {
      let terminal = output.fileDescriptor.map(TerminalSize.isTerminal) ?? false
      resolved = terminal && !dumb ? .terminal : .plain
    }
    self.mode = resolved
    switch resolved.kind {
    case .terminal:
      // https://no-color.org: set and not empty means no colour.
      let colors = (environment["NO_COLOR"] ?? "").isEmpty && !dumb
      renderer = .terminal(
        TerminalProgressRenderer(size: Self.size(of: output, environment: environment), colors: colors, options: options, output: output))
    case .plain, .automatic:
      renderer = .plain(PlainProgressRenderer(options: options, output: output))
    case .none:
      renderer = .none
    }
  }

  /// Shows a new status of the workflow.
  public mutating func update(_ workflow: Workflow, now: Date = Date()) {
    switch renderer {
    case .terminal(var terminal):
      // Read each time: the terminal may have been resized since the last frame.
      terminal.size = Self.size(of: output, environment: environment)
      terminal.update(workflow, now: now)
      renderer = .terminal(terminal)
    case .plain(var plain):
      plain.update(workflow, now: now)
      renderer = .plain(plain)
    case .none:
      break
    }
  }

  /// Shows the last status of the workflow: the final frame, or the last changes and a summary.
  public mutating func finish(_ workflow: Workflow, now: Date = Date()) {
    switch renderer {
    case .terminal(var terminal):
      terminal.size = Self.size(of: output, environment: environment)
      terminal.finish(workflow, now: now)
      renderer = .terminal(terminal)
    case .plain(var plain):
      plain.finish(workflow, now: now)
      renderer = .plain(plain)
    case .none:
      break
    }
  }

  private static func size(of output: ProgressOutput, environment: [String: String]) -> TerminalSize {
    guard let descriptor = output.fileDescriptor else { return TerminalSize.detect(fileDescriptor: -1, environment: environment) }
    return TerminalSize.detect(fileDescriptor: descriptor, environment: environment)
  }
}
