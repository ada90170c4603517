import CZlib

/// One zlib stream, deflating or inflating, with its state at a fixed address (zlib checks
/// that the stream it is given is the one it initialised).
final class ZlibStream {
  enum Format {
    /// gzip's header and trailer around the data (RFC 1952).
    case gzip
    /// Bare deflate data, as in zip entries (RFC 1951).
    case raw

    var windowBits: Int32 { self == .gzip ? 15 + 16 : -15 }
  }

  private let stream: UnsafeMutablePointer<z_stream>
  private let deflating: Bool
  private var output = [UInt8](repeating: 0, count: 1 << 16)

  /// A deflating stream. `level` is Go's: -1 (the default, 6), 0 (stored) to 9, or -2 (Huffman
  /// coding only).
  init(deflating format: Format, level: Int) throws(ArtifactError) {
    guard (-2...9).contains(level) else {
      throw ArtifactError("gzip: invalid compression level: \(level)", hint: "use -1 (the default) or 0 (none) to 9 (best)")
    }
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    deflating = true
    let strategy = level == -2 ? Z_HUFFMAN_ONLY : Z_DEFAULT_STRATEGY
    let zlibLevel = level == -2 ? Z_DEFAULT_COMPRESSION : Int32(level)
    let status = deflateInit2_(
      stream, zlibLevel, Z_DEFLATED, format.windowBits, 8, strategy, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      stream.deinitialize(count: 1)
      stream.deallocate()
      throw ArtifactError("zlib cannot start compressing (status \(status))")
    }
  }

  init(inflating format: Format) throws(ArtifactError) {
    stream = .allocate(capacity: 1)
    stream.initialize(to: z_stream())
    deflating = false
    let status = inflateInit2_(stream, format.windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else {
      stream.deinitialize(count: 1)
      stream.deallocate()
      throw ArtifactError("zlib cannot start decompressing (status \(status))")
    }
  }

  deinit {
    if deflating { deflateEnd(stream) } else { inflateEnd(stream) }
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// Compresses all of `input`, handing what comes out to `sink`; with `finish`, ends the
  /// stream (its trailer included).
  func deflate(
    _ input: UnsafeRawBufferPointer, finish: Bool, into sink: (UnsafeRawBufferPointer) throws(ArtifactError) -> Void
  ) throws(ArtifactError) {
    stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.pointee.avail_in = uInt(input.count)
    let flush = finish ? Z_FINISH : Z_NO_FLUSH
    while true {
      let (status, produced) = output.withUnsafeMutableBytes { buffer -> (Int32, Int) in
        stream.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(buffer.count)
        let status = CZlib.deflate(stream, flush)
        return (status, buffer.count - Int(stream.pointee.avail_out))
      }
      guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
        throw ArtifactError("zlib failed while compressing (status \(status))")
      }
      if produced > 0 {
        try output.withBytes { (buffer) throws(ArtifactError) in try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
      }
      if finish {
        if status == Z_STREAM_END { return }
      } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
        return
      }
    }
  }

  /// Decompresses from `input` into `output`: how many bytes were used and made, and whether the
  /// stream (a gzip member) ended.
  func inflate(
    _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
  ) throws(ArtifactError) -> (consumed: Int, produced: Int, ended: Bool) {
    stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.pointee.avail_in = uInt(input.count)
    stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = uInt(output.count)
    let status = CZlib.inflate(stream, Z_NO_FLUSH)
    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
      let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
      throw ArtifactError("the compressed data is corrupt: \(reason)")
    }
    return (input.count - Int(stream.pointee.avail_in), output.count - Int(stream.pointee.avail_out), status == Z_STREAM_END)
  }

  /// Starts a new stream with the same settings (the next member of a gzip file).
  func reset() {
    if deflating { deflateReset(stream) } else { inflateReset(stream) }
  }
}

/// The CRC-32 of zip entries.
func crc32Checksum(_ bytes: UnsafeRawBufferPointer, continuing checksum: UInt32 = 0) -> UInt32 {
  guard let base = bytes.baseAddress else { return checksum }
  return UInt32(crc32(uLong(checksum), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
}

/// Where archive writers put their bytes.
protocol ByteSink: AnyObject {
  func write(_ bytes: UnsafeRawBufferPointer) throws(ArtifactError)
}

extension ByteSink {
  func write(_ bytes: [UInt8]) throws(ArtifactError) {
    try bytes.withBytes { (buffer) throws(ArtifactError) in try write(buffer) }
  }
}

extension OutputFile: ByteSink {}

/// A gzip file being written: bytes in, compressed bytes out to the file, buffered.
final class GzipWriter: ByteSink {
  private let file: OutputFile
  private let compressor: ZlibStream
  private var pending: [UInt8] = []
  private static let bufferSize = 1 << 16

  init(file: OutputFile, level: Int) throws(ArtifactError) {
    self.file = file
    compressor = try ZlibStream(deflating: .gzip, level: level)
    pending.reserveCapacity(Self.bufferSize)
  }

  func write(_ bytes: UnsafeRawBufferPointer) throws(ArtifactError) {
    if pending.count + bytes.count < Self.bufferSize {
      pending.append(contentsOf: bytes)
      return
    }
    try flushPending(finish: false)
    try compress(bytes, finish: false)
  }

  /// Ends the gzip stream and closes the file.
  func finish() throws(ArtifactError) {
    try flushPending(finish: true)
    try file.close()
  }

  private func flushPending(finish: Bool) throws(ArtifactError) {
    let bytes = pending
    pending.removeAll(keepingCapacity: true)
    try bytes.withBytes { (buffer) throws(ArtifactError) in try compress(buffer, finish: finish) }
  }

  private func compress(_ bytes: UnsafeRawBufferPointer, finish: Bool) throws(ArtifactError) {
    let file = self.file
    try compressor.deflate(bytes, finish: finish) { (chunk) throws(ArtifactError) in try file.write(chunk) }
  }
}

/// A gzip file being read: its decompressed bytes, member after member (as Go's reader reads
/// them, so a file made of concatenated gzip streams reads as one).
final class GzipReader {
  private let file: InputFile
  private let decompressor: ZlibStream
  private var input = [UInt8](repeating: 0, count: 1 << 16)
  private var inputStart = 0
  private var inputEnd = 0
  private var memberEnded = false
  private var fileEnded = false
  /// Whether any member was read to its end.
  private var sawMember = false

  init(file: InputFile) throws(ArtifactError) {
    self.file = file
    decompressor = try ZlibStream(inflating: .gzip)
  }

  /// Whether the file starts as gzip does (the two magic bytes).
  static func hasGzipMagic(_ path: String) -> Bool {
    guard let file = try? InputFile(opening: path), let head = try? file.read(at: 0, count: 2) else { return false }
    return head == [0x1f, 0x8b]
  }

  private func refill() throws(ArtifactError) {
    guard inputStart == inputEnd, !fileEnded else { return }
    let count = try input.withMutableBytes { (buffer) throws(ArtifactError) in try file.read(into: buffer) }
    inputStart = 0
    inputEnd = count
    if count == 0 { fileEnded = true }
  }

  /// Fills `buffer` with what comes next; fewer bytes than asked only at the end (0 then).
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArtifactError) -> Int {
    var filled = 0
    while filled < buffer.count {
      try refill()
      if memberEnded {
        // Another member may follow; trailing zeros or nothing end the file.
        guard inputStart < inputEnd else { return filled }
        decompressor.reset()
        memberEnded = false
      }
      if inputStart == inputEnd && fileEnded {
        guard sawMember else { throw ArtifactError("\(file.path) is empty, not gzip data") }
        throw ArtifactError("\(file.path) ends in the middle of its gzip data (unexpected EOF)")
      }
      let (consumed, produced, ended) = try input.withBytes { (source) throws(ArtifactError) in
        try decompressor.inflate(
          UnsafeRawBufferPointer(rebasing: source[inputStart..<inputEnd]), into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
      }
      inputStart += consumed
      filled += produced
      if ended {
        memberEnded = true
        sawMember = true
      }
    }
    return filled
  }

  /// Exactly `count` bytes, or an error naming what was being read.
  func readExactly(_ count: Int, what: @autoclosure () -> String) throws(ArtifactError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    let got = try bytes.withMutableBytes { (buffer) throws(ArtifactError) in try read(into: buffer) }
    guard got == count else { throw ArtifactError("\(file.path) ends in the middle of \(what()) (unexpected EOF)") }
    return bytes
  }
}
