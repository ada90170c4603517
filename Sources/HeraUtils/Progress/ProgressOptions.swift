/// How a progress frame is laid out.
///
/// ```swift
/// var options = ProgressOptions(symbols: .ascii)
/// options.maxLines = 24       // the terminal renderer sets these from the terminal's size
/// options.maxWidth = 79
/// ```
public struct ProgressOptions: Sendable, Hashable {
  /// The characters to draw with: `.unicode` (the default) or `.ascii`.
  public var symbols: ProgressSymbols
  /// A fanned-out task with more items than this is drawn as one line of counts.
  public var fanOutThreshold: Int
  /// How many failed items of a fanned-out task, and failed nodes in the final summary, are
  /// listed before "and N more failed".
  public var failuresShown: Int
  /// The most lines a frame may have; `nil` for no limit.
  ///
  /// A frame that would be longer first folds what finished well (nodes that succeeded or were
  /// skipped, and what is below them), then ends with "… N more".
  public var maxLines: Int?
  /// The most characters a line may have; longer lines end with the ellipsis. `nil` for no limit.
  public var maxWidth: Int?

  /// - Parameters:
  ///   - symbols: the characters to draw with.
  ///   - fanOutThreshold: the most items of a fanned-out task drawn one per line.
  ///   - failuresShown: the most failed items listed under a fanned-out task or in a summary.
  ///   - maxLines: the most lines of a frame, or `nil`.
  ///   - maxWidth: the most characters of a line, or `nil`.
  public init(
    symbols: ProgressSymbols = .unicode, fanOutThreshold: Int = 5, failuresShown: Int = 5,
    maxLines: Int? = nil, maxWidth: Int? = nil
  ) {
    self.symbols = symbols
    self.fanOutThreshold = fanOutThreshold
    self.failuresShown = failuresShown
    self.maxLines = maxLines
    self.maxWidth = maxWidth
  }
}
