import ArgoModel
import Foundation

/// Draws the progress of a workflow on a terminal, each frame over the last.
///
/// Every update moves the cursor up over the previous frame (`ESC [ n A`), rewrites each line
/// after clearing it (`ESC [ 2K`), and clears what is left below when the new frame is shorter
/// (`ESC [ J`). To make that exact, a frame never wraps nor scrolls: lines are cut to the width
/// of the terminal, less one column, and frames to its height, less the row the cursor rests on
/// (see ``ProgressOptions/maxLines``). A frame identical to the last is not written again.
///
/// ```swift
/// var renderer = TerminalProgressRenderer(size: .fallback, colors: true, output: .standardError)
/// renderer.update(workflow)        // draws the first frame
/// renderer.update(laterWorkflow)   // draws over it
/// renderer.finish(finalWorkflow)   // draws the last frame and leaves it on the screen
/// ```
public struct TerminalProgressRenderer: Sendable {
  /// The layout of frames; `maxLines` and `maxWidth` are set from ``size``.
  public var options: ProgressOptions
  /// The terminal's size, which ``ProgressDisplay`` refreshes before each frame.
  public var size: TerminalSize
  /// Whether to colour the frame with ANSI sequences.
  public var colors: Bool
  private let output: ProgressOutput
  /// The lines of the frame on the screen, which the next frame overwrites.
  private var drawn: [String] = []

  public init(
    size: TerminalSize = .fallback, colors: Bool = true, options: ProgressOptions = ProgressOptions(),
    output: ProgressOutput
  ) {
    self.size = size
    self.colors = colors
    self.options = options
    self.output = output
  }

  /// Draws the frame of `workflow` at `now` over the previous one.
  public mutating func update(_ workflow: Workflow, now: Date = Date()) {
    output.write(redraw(frame(workflow, now: now)))
  }

  /// Draws the last frame and leaves it where it is: what is written next starts below it.
  public mutating func finish(_ workflow: Workflow, now: Date = Date()) {
    update(workflow, now: now)
    drawn = []
  }

  /// The frame of `workflow` sized for the terminal.
  public func frame(_ workflow: Workflow, now: Date) -> ProgressFrame {
    var fitted = options
    // One row stays free for the cursor: a frame as tall as the terminal would scroll it, and
    // its first line could no longer be reached by moving up.
    fitted.maxLines = max(1, size.rows - 1)
    // One column too: some terminals wrap as soon as the last column is written.
    fitted.maxWidth = max(8, size.columns - 1)
    return ProgressFrame(workflow: workflow, now: now, options: fitted)
  }

  /// What to write to replace the frame on the screen with `frame`: empty when they are the same.
  public mutating func redraw(_ frame: ProgressFrame) -> String {
    let lines = frame.lines.map { $0.rendered(colors: colors) }
    guard lines != drawn else { return "" }
    var text = ""
    if !drawn.isEmpty { text += "\r\u{1B}[\(drawn.count)A" }
    for line in lines {
      text += "\u{1B}[2K" + line + "\n"
    }
    if drawn.count > lines.count { text += "\u{1B}[J" }
    drawn = lines
    return text
  }
}
