import ArgoModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the progress display writes: a file descriptor, or a closure that tests read back.
///
/// ```swift
/// let output = ProgressOutput.standardError
/// let captured = ProgressOutput { text in buffer.append(text) }  // buffer: a Sendable collector
/// ```
public struct ProgressOutput: Sendable {
  /// The descriptor written to, when there is one: the display asks it whether it is a terminal,
  /// and how large.
  public let fileDescriptor: Int32?
  private let sink: @Sendable (String) -> Void

  /// Output that calls `write` with each piece of text (whole frames, whole lines).
  public init(_ write: @escaping @Sendable (String) -> Void) {
    fileDescriptor = nil
    sink = write
  }

  /// Output written to `descriptor`, completely and unbuffered, so that a frame is never left
  /// half drawn in a buffer.
  public static func fileDescriptor(_ descriptor: Int32) -> ProgressOutput {
    ProgressOutput(descriptor: descriptor)
  }

  public static let standardOutput = ProgressOutput.fileDescriptor(1)
  public static let standardError = ProgressOutput.fileDescriptor(2)

  private init(descriptor: Int32) {
    fileDescriptor = descriptor
    // A closed pipe: the display has no one left to tell.
    sink = { text in FileDescriptorWriting.writeFully(Array(text.utf8), to: descriptor) }
  }

  public func write(_ text: String) {
    guard !text.isEmpty else { return }
    sink(text)
  }
}

/// The size of a terminal, in characters.
public struct TerminalSize: Sendable, Hashable {
  public var columns: Int
  public var rows: Int

  public init(columns: Int, rows: Int) {
    self.columns = columns
    self.rows = rows
  }

  /// What a terminal that does not say is assumed to be.
  public static let fallback = TerminalSize(columns: 80, rows: 24)

  /// The size of the terminal open on `descriptor` (`ioctl(TIOCGWINSZ)`), or `nil` when it is
  /// not a terminal or does not say.
  public static func of(fileDescriptor descriptor: Int32) -> TerminalSize? {
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
    return TerminalSize(columns: Int(size.ws_col), rows: Int(size.ws_row))
  }

  /// The size of the terminal on `descriptor`, else `COLUMNS` and `LINES` from `environment`,
  /// else ``fallback``.
  public static func detect(fileDescriptor descriptor: Int32, environment: [String: String] = [:]) -> TerminalSize {
    if let size = of(fileDescriptor: descriptor) { return size }
    let columns = environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    let rows = environment["LINES"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
    return TerminalSize(columns: columns ?? fallback.columns, rows: rows ?? fallback.rows)
  }

  /// Whether `descriptor` is a terminal.
  public static func isTerminal(_ descriptor: Int32) -> Bool {
    isatty(descriptor) == 1
  }
}
