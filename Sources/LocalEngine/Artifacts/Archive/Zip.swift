import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Zip archives as Argo's executor makes them (`archive: {zip: {}}`, `util/archive.ZipToWriter`)
/// and reads them: deflated entries for the files of a folder, named `folder/relative/path`
/// (folders themselves have no entry, so an empty folder is lost, as with Argo), without
/// Unix permissions.
///
/// One difference: Argo names the entry of a single file by the file's whole path inside the
/// executor (`/tmp/argo/outputs/artifacts/name`), which unpacks as nested folders; here it is
/// named by its last component, as a tarball's is, so that it unpacks as the file.
///
/// No zip64: an archive past 4 GiB or 65535 entries is refused with a hint to use the default
/// tarball.
enum ZipArchive {
  private static let localHeaderSignature: UInt32 = 0x0403_4b50
  private static let centralHeaderSignature: UInt32 = 0x0201_4b50
  private static let endSignature: UInt32 = 0x0605_4b50

  private struct Written {
    var name: [UInt8]
    var offset: Int
    var crc: UInt32
    var compressedSize: Int
    var size: Int
    var time: UInt16
    var date: UInt16
  }

  // MARK: Writing

  static func archive(_ source: String, to file: String) throws(ArtifactError) {
    guard let status = FileStatus(atPath: source, followingLinks: true) else {
      throw ArtifactError("\(source): no such file or directory")
    }
    guard status.isRegular || status.isDirectory else { throw ArtifactError("\(source) is not a regular file or directory") }
    let output = try OutputFile(creating: file)
    var written: [Written] = []
    let base = (source as NSString).lastPathComponent
    if status.isDirectory {
      try addTree(source, as: base, to: output, written: &written)
    } else {
      written.append(try add(source, status: status, as: base, to: output))
    }
    let centralStart = output.position
    for entry in written { try output.write(centralHeader(entry)) }
    let centralSize = output.position - centralStart
    guard written.count <= 0xffff, centralStart <= 0xffff_ffff else { throw tooLarge(source) }
    var end = Bytes()
    end.u32(endSignature)
    end.u16(0)
    end.u16(0)
    end.u16(written.count)
    end.u16(written.count)
    end.u32(centralSize)
    end.u32(centralStart)
    end.u16(0)
    try output.write(end.bytes)
    try output.close()
  }

  private static func tooLarge(_ source: String) -> ArtifactError {
    ArtifactError(
      "\(source) is too large for a zip archive without zip64 (4 GiB, 65535 files)", hint: "use the default archive (a tarball)")
  }

  private static func addTree(_ path: String, as name: String, to output: OutputFile, written: inout [Written]) throws(ArtifactError) {
    guard let status = FileStatus(atPath: path) else { throw ArtifactError("cannot read \(path): \(systemError())") }
    if status.isDirectory {
      for child in try FileTree.sortedNames(in: path) {
        try addTree(path + "/" + child, as: name + "/" + child, to: output, written: &written)
      }
    } else {
      written.append(try add(path, status: status, as: name, to: output))
    }
  }

  /// One entry: its local header, then its deflated data; the header's sizes and checksum are
  /// filled in once the data is written.
  private static func add(_ path: String, status: FileStatus, as name: String, to output: OutputFile) throws(ArtifactError) -> Written {
    let (time, date) = dosTime(status.modificationTime)
    var entry = Written(name: Array(name.utf8), offset: output.position, crc: 0, compressedSize: 0, size: 0, time: time, date: date)
    guard entry.offset <= 0xffff_ffff else { throw tooLarge(path) }
    try output.write(localHeader(entry))
    let dataStart = output.position
    // Like Go's zip.Writer.Create, a link or another non-regular file is an empty entry.
    if status.isRegular {
      let compressor = try ZlibStream(deflating: .raw, level: -1)
      let input = try InputFile(opening: path)
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
      defer { buffer.deallocate() }
      while true {
        let count = try input.read(into: buffer)
        let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
        entry.crc = crc32Checksum(chunk, continuing: entry.crc)
        entry.size += count
        try compressor.deflate(chunk, finish: count == 0) { (bytes) throws(ArtifactError) in try output.write(bytes) }
        if count == 0 { break }
      }
    } else {
      let compressor = try ZlibStream(deflating: .raw, level: -1)
      try compressor.deflate(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) { (bytes) throws(ArtifactError) in
        try output.write(bytes)
      }
    }
    entry.compressedSize = output.position - dataStart
    guard entry.size <= 0xffff_ffff, entry.compressedSize <= 0xffff_ffff else { throw tooLarge(path) }
    try output.write(localHeader(entry), at: entry.offset)
    return entry
  }

  private static func flags(_ name: [UInt8]) -> Int { name.allSatisfy { $0 < 0x80 } ? 0 : 0x800 }

  private static func localHeader(_ entry: Written) -> [UInt8] {
    var header = Bytes()
    header.u32(localHeaderSignature)
    header.u16(20)
    header.u16(flags(entry.name))
    header.u16(8)
    header.u16(Int(entry.time))
    header.u16(Int(entry.date))
    header.u32(Int(entry.crc))
    header.u32(entry.compressedSize)
    header.u32(entry.size)
    header.u16(entry.name.count)
    header.u16(0)
    header.bytes += entry.name
    return header.bytes
  }

  private static func centralHeader(_ entry: Written) -> [UInt8] {
    var header = Bytes()
    header.u32(centralHeaderSignature)
    header.u16(20)
    header.u16(20)
    header.u16(flags(entry.name))
    header.u16(8)
    header.u16(Int(entry.time))
    header.u16(Int(entry.date))
    header.u32(Int(entry.crc))
    header.u32(entry.compressedSize)
    header.u32(entry.size)
    header.u16(entry.name.count)
    header.u16(0)
    header.u16(0)
    header.u16(0)
    header.u16(0)
    header.u32(0)
    header.u32(entry.offset)
    header.bytes += entry.name
    return header.bytes
  }

  /// MS-DOS time and date (local time, two-second steps, from 1980).
  private static func dosTime(_ seconds: Int) -> (UInt16, UInt16) {
    var time = time_t(seconds)
    var parts = tm()
    guard localtime_r(&time, &parts) != nil, parts.tm_year >= 80 else { return (0, 0x21) }
    let dosTime = UInt16(parts.tm_hour) << 11 | UInt16(parts.tm_min) << 5 | UInt16(parts.tm_sec / 2)
    let dosDate = UInt16(parts.tm_year - 80) << 9 | UInt16(parts.tm_mon + 1) << 5 | UInt16(parts.tm_mday)
    return (dosTime, dosDate)
  }

  // MARK: Reading

  struct Entry {
    var name: String
    var method: Int
    var crc: UInt32
    var compressedSize: Int
    var size: Int
    var localHeaderOffset: Int
    /// The permission bits and whether it is a folder, as Go's `FileHeader.Mode` reads them.
    var mode: UInt32
    var isDirectory: Bool
  }

  /// The entries of a zip file, from its central directory.
  static func entries(of file: InputFile) throws(ArtifactError) -> [Entry] {
    let size = file.size
    let tailLength = min(size, 22 + 0xffff)
    let tail = try file.read(at: size - tailLength, count: tailLength)
    guard tail.count >= 22,
      let endIndex = stride(from: tail.count - 22, through: 0, by: -1).first(where: { Bytes.u32(tail, $0) == endSignature })
    else {
      throw ArtifactError("\(file.path) is not a zip file (zip: not a valid zip file)")
    }
    let count = Int(Bytes.u16(tail, endIndex + 10))
    let centralSize = Int(Bytes.u32(tail, endIndex + 12))
    let centralOffset = Int(Bytes.u32(tail, endIndex + 16))
    guard centralOffset != 0xffff_ffff, count != 0xffff else {
      throw ArtifactError("\(file.path) is a zip64 archive, which is not read here", hint: "use the default archive (a tarball)")
    }
    let central = try file.read(at: centralOffset, count: centralSize)
    var entries: [Entry] = []
    var index = 0
    for _ in 0..<count {
      guard index + 46 <= central.count, Bytes.u32(central, index) == centralHeaderSignature else {
        throw ArtifactError("\(file.path): its zip directory is damaged (zip: not a valid zip file)")
      }
      let creator = Int(Bytes.u16(central, index + 4)) >> 8
      let method = Int(Bytes.u16(central, index + 10))
      let crc = Bytes.u32(central, index + 16)
      let compressedSize = Int(Bytes.u32(central, index + 20))
      let entrySize = Int(Bytes.u32(central, index + 24))
      let nameLength = Int(Bytes.u16(central, index + 28))
      let extraLength = Int(Bytes.u16(central, index + 30))
      let commentLength = Int(Bytes.u16(central, index + 32))
      let external = Bytes.u32(central, index + 38)
      let offset = Int(Bytes.u32(central, index + 42))
      guard index + 46 + nameLength <= central.count else { throw ArtifactError("\(file.path): its zip directory is damaged") }
      let name = String(decoding: central[(index + 46)..<(index + 46 + nameLength)], as: UTF8.self)
      var mode: UInt32
      var isDirectory: Bool
      if creator == 3 || creator == 19 {
        // Unix (and OS X): the mode is in the high half of the external attributes.
        let unixMode = external >> 16
        mode = unixMode & 0o7777
        isDirectory = unixMode & 0o170000 == 0o040000
      } else {
        isDirectory = external & 0x10 != 0
        mode = isDirectory ? 0o777 : 0o666
        if external & 0x01 != 0 { mode &= ~0o222 }
      }
      if name.hasSuffix("/") { isDirectory = true }
      entries.append(
        Entry(
          name: name, method: method, crc: crc, compressedSize: compressedSize, size: entrySize, localHeaderOffset: offset, mode: mode,
          isDirectory: isDirectory))
      index += 46 + nameLength + extraLength + commentLength
    }
    return entries
  }

  /// Writes an entry's data into `output`, checking its CRC.
  static func extract(_ entry: Entry, from file: InputFile, to output: OutputFile) throws(ArtifactError) {
    let local = try file.read(at: entry.localHeaderOffset, count: 30)
    guard local.count == 30, Bytes.u32(local, 0) == localHeaderSignature else {
      throw ArtifactError("\(file.path): the entry \(entry.name) is damaged (zip: not a valid zip file)")
    }
    var offset = entry.localHeaderOffset + 30 + Int(Bytes.u16(local, 26)) + Int(Bytes.u16(local, 28))
    var remaining = entry.compressedSize
    var crc: UInt32 = 0
    var produced = 0
    guard entry.method == 0 || entry.method == 8 else {
      throw ArtifactError(
        "\(file.path): the entry \(entry.name) uses compression method \(entry.method) (zip: unsupported compression algorithm)")
    }
    let decompressor: ZlibStream? = try entry.method == 8 ? ZlibStream(inflating: .raw) : nil
    var out = [UInt8](repeating: 0, count: 1 << 16)
    var ended = decompressor == nil && remaining == 0
    while !ended {
      let chunk = try file.read(at: offset, count: min(1 << 16, remaining))
      offset += chunk.count
      remaining -= chunk.count
      guard let decompressor else {
        guard !chunk.isEmpty else { throw ArtifactError("\(file.path) ends in the middle of \(entry.name) (unexpected EOF)") }
        try chunk.withBytes { (bytes) throws(ArtifactError) in
          crc = crc32Checksum(bytes, continuing: crc)
          try output.write(bytes)
        }
        produced += chunk.count
        ended = remaining == 0
        continue
      }
      var used = 0
      while true {
        let step = try chunk.withBytes { (input) throws(ArtifactError) in
          try out.withMutableBytes { (buffer) throws(ArtifactError) in
            try decompressor.inflate(UnsafeRawBufferPointer(rebasing: input[used...]), into: buffer)
          }
        }
        used += step.consumed
        try out.withBytes { (buffer) throws(ArtifactError) in
          let made = UnsafeRawBufferPointer(rebasing: buffer[0..<step.produced])
          crc = crc32Checksum(made, continuing: crc)
          try output.write(made)
        }
        produced += step.produced
        if step.ended {
          ended = true
          break
        }
        // More input is needed unless the output filled up.
        if used == chunk.count && step.produced < out.count { break }
      }
      if !ended && chunk.isEmpty {
        throw ArtifactError("\(file.path): the entry \(entry.name) is truncated (unexpected EOF)")
      }
    }
    guard crc == entry.crc, produced == entry.size else {
      throw ArtifactError("\(file.path): the entry \(entry.name) is damaged (zip: checksum error)")
    }
  }
}

/// Little-endian fields, as zip writes them.
struct Bytes {
  var bytes: [UInt8] = []

  mutating func u16(_ value: Int) {
    bytes += [UInt8(value & 0xff), UInt8((value >> 8) & 0xff)]
  }

  mutating func u32(_ value: UInt32) {
    u32(Int(value))
  }

  mutating func u32(_ value: Int) {
    bytes += [UInt8(value & 0xff), UInt8((value >> 8) & 0xff), UInt8((value >> 16) & 0xff), UInt8((value >> 24) & 0xff)]
  }

  static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
    UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
  }

  static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
  }
}
