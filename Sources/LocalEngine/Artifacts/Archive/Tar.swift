import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// One entry of a tar archive, as the header (and any PAX or GNU extension before it) says.
struct TarEntry: Equatable {
  enum Kind: Equatable {
    case file, directory, symbolicLink, hardLink
    case other(UInt8)
  }

  var name: String
  var kind: Kind
  /// Permission bits (with set-user-id, set-group-id, sticky).
  var mode: UInt32
  var size: Int
  var modificationTime: Int
  var linkName: String = ""
  var userID: Int = 0
  var groupID: Int = 0

  var typeFlag: UInt8 {
    switch kind {
    case .file: return UInt8(ascii: "0")
    case .hardLink: return UInt8(ascii: "1")
    case .symbolicLink: return UInt8(ascii: "2")
    case .directory: return UInt8(ascii: "5")
    case .other(let flag): return flag
    }
  }
}

/// The 512-byte header blocks of the POSIX (USTAR, with PAX extensions) tar format, as Go's
/// archive/tar writes them and reads them.
enum TarFormat {
  static let blockSize = 512

  // Offsets and lengths of the USTAR header's fields.
  static let name = (0, 100), mode = (100, 8), uid = (108, 8), gid = (116, 8), size = (124, 12), mtime = (136, 12)
  static let checksum = (148, 8), typeFlag = 156, linkName = (157, 100), magic = (257, 6), version = (263, 2)
  static let userName = (265, 32), groupName = (297, 32), deviceMajor = (329, 8), deviceMinor = (337, 8), prefix = (345, 155)

  /// The header blocks for an entry: a PAX extended header first when a field does not fit USTAR.
  static func headerBlocks(for entry: TarEntry) -> [UInt8] {
    var records: [(String, String)] = []
    var nameField = entry.name
    var prefixField = ""
    if !fitsUSTARField(entry.name, length: name.1) {
      if let (prefix, suffix) = splitUSTARPath(entry.name) {
        prefixField = prefix
        nameField = suffix
      } else {
        records.append(("path", entry.name))
        nameField = String(decoding: Array(entry.name.utf8).prefix(name.1), as: UTF8.self)
      }
    }
    var linkField = entry.linkName
    if !fitsUSTARField(entry.linkName, length: linkName.1) {
      records.append(("linkpath", entry.linkName))
      linkField = String(decoding: Array(entry.linkName.utf8).prefix(linkName.1), as: UTF8.self)
    }
    let sizeField = entry.size <= 0o77777777777 ? entry.size : 0
    if entry.size > 0o77777777777 { records.append(("size", String(entry.size))) }
    let uidField = entry.userID <= 0o7777777 ? entry.userID : 0
    if entry.userID > 0o7777777 { records.append(("uid", String(entry.userID))) }
    let gidField = entry.groupID <= 0o7777777 ? entry.groupID : 0
    if entry.groupID > 0o7777777 { records.append(("gid", String(entry.groupID))) }

    var blocks: [UInt8] = []
    if !records.isEmpty {
      let body = Array(records.map(paxRecord).joined().utf8)
      let base = (entry.name as NSString).lastPathComponent
      let folder = (entry.name as NSString).deletingLastPathComponent
      let paxName = (folder.isEmpty ? "" : folder + "/") + "PaxHeaders.0/" + base
      var pax = TarEntry(name: "", kind: .other(UInt8(ascii: "x")), mode: 0, size: body.count, modificationTime: entry.modificationTime)
      pax.name = String(decoding: Array(paxName.utf8).prefix(name.1), as: UTF8.self)
      blocks += ustarBlock(pax, name: pax.name, prefix: "", linkName: "", size: body.count, uid: 0, gid: 0)
      blocks += body
      blocks += [UInt8](repeating: 0, count: padding(body.count))
    }
    blocks += ustarBlock(entry, name: nameField, prefix: prefixField, linkName: linkField, size: sizeField, uid: uidField, gid: gidField)
    return blocks
  }

  /// The zeros that complete `count` bytes of data to whole blocks.
  static func padding(_ count: Int) -> Int { (blockSize - count % blockSize) % blockSize }

  private static func fitsUSTARField(_ text: String, length: Int) -> Bool {
    text.utf8.count <= length && text.utf8.allSatisfy { $0 < 0x80 }
  }

  /// Go's rule for long names in USTAR: a prefix of at most 155 bytes and a name of at most
  /// 100, split at a slash.
  private static func splitUSTARPath(_ path: String) -> (String, String)? {
    let bytes = Array(path.utf8)
    guard bytes.count > name.1, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
    var length = bytes.count
    if length > prefix.1 + 1 {
      length = prefix.1 + 1
    } else if bytes[length - 1] == UInt8(ascii: "/") {
      length -= 1
    }
    guard let slash = bytes[0..<length].lastIndex(of: UInt8(ascii: "/")) else { return nil }
    let suffixLength = bytes.count - slash - 1
    guard slash > 0, suffixLength <= name.1, suffixLength > 0, slash <= prefix.1 else { return nil }
    return (String(decoding: bytes[0..<slash], as: UTF8.self), String(decoding: bytes[(slash + 1)...], as: UTF8.self))
  }

  /// A PAX record: its own length in decimal, a space, `key=value`, a newline.
  private static func paxRecord(_ record: (String, String)) -> String {
    let body = " \(record.0)=\(record.1)\n"
    var length = body.utf8.count + 1
    while String(length).count + body.utf8.count != length { length = String(length).count + body.utf8.count }
    return String(length) + body
  }

  private static func ustarBlock(_ entry: TarEntry, name: String, prefix: String, linkName: String, size: Int, uid: Int, gid: Int)
    -> [UInt8]
  {
    var block = [UInt8](repeating: 0, count: blockSize)
    func put(_ text: String, _ field: (Int, Int)) {
      for (index, byte) in text.utf8.prefix(field.1).enumerated() { block[field.0 + index] = byte }
    }
    func putOctal(_ value: Int, _ field: (Int, Int)) {
      var digits = String(value, radix: 8)
      if digits.count < field.1 - 1 { digits = String(repeating: "0", count: field.1 - 1 - digits.count) + digits }
      put(digits, (field.0, field.1 - 1))
    }
    put(name, TarFormat.name)
    putOctal(Int(entry.mode), mode)
    putOctal(uid, TarFormat.uid)
    putOctal(gid, TarFormat.gid)
    putOctal(size, TarFormat.size)
    putOctal(max(0, entry.modificationTime), mtime)
    block[typeFlag] = entry.typeFlag
    put(linkName, TarFormat.linkName)
    put("ustar\0", magic)
    put("00", version)
    putOctal(0, deviceMajor)
    putOctal(0, deviceMinor)
    put(prefix, TarFormat.prefix)
    for index in checksum.0..<(checksum.0 + checksum.1) { block[index] = UInt8(ascii: " ") }
    let sum = block.reduce(0) { $0 + Int($1) }
    var digits = String(sum, radix: 8)
    digits = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    for (index, byte) in digits.utf8.enumerated() { block[checksum.0 + index] = byte }
    block[checksum.0 + 6] = 0
    block[checksum.0 + 7] = UInt8(ascii: " ")
    return block
  }

  // MARK: Reading

  /// A header block read: the entry, or nil for a block of zeros (the end of the archive).
  static func parse(_ block: [UInt8]) throws(ArtifactError) -> TarEntry? {
    guard block.contains(where: { $0 != 0 }) else { return nil }
    var unsigned = 0
    var signed = 0
    for (index, byte) in block.enumerated() {
      let value = (checksum.0..<(checksum.0 + checksum.1)).contains(index) ? UInt8(ascii: " ") : byte
      unsigned += Int(value)
      signed += Int(Int8(bitPattern: value))
    }
    guard let recorded = try? number(block, checksum), recorded == unsigned || recorded == signed else {
      throw ArtifactError("not a tar archive: a header's checksum does not match (archive/tar: invalid tar header)")
    }
    let magicBytes = Array(block[magic.0..<(magic.0 + 8)])
    let isUSTAR = magicBytes == Array("ustar\u{0}00".utf8)
    var entryName = text(block, name)
    if isUSTAR {
      let prefixText = text(block, prefix)
      if !prefixText.isEmpty { entryName = prefixText + "/" + entryName }
    }
    let flag = block[typeFlag]
    var kind: TarEntry.Kind
    switch flag {
    case UInt8(ascii: "0"), UInt8(ascii: "7"): kind = .file
    case 0: kind = entryName.hasSuffix("/") ? .directory : .file
    case UInt8(ascii: "1"): kind = .hardLink
    case UInt8(ascii: "2"): kind = .symbolicLink
    case UInt8(ascii: "5"): kind = .directory
    default: kind = .other(flag)
    }
    return TarEntry(
      name: entryName, kind: kind, mode: UInt32(truncatingIfNeeded: try number(block, mode)) & 0o7777, size: try number(block, size),
      modificationTime: try number(block, mtime), linkName: text(block, linkName), userID: try number(block, uid),
      groupID: try number(block, gid))
  }

  private static func text(_ block: [UInt8], _ field: (Int, Int)) -> String {
    let bytes = block[field.0..<(field.0 + field.1)]
    return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// An octal field, or a base-256 one (high bit set), as GNU tar writes large values.
  private static func number(_ block: [UInt8], _ field: (Int, Int)) throws(ArtifactError) -> Int {
    let bytes = Array(block[field.0..<(field.0 + field.1)])
    if let first = bytes.first, first & 0x80 != 0 {
      var value = Int(first & 0x7f)
      for byte in bytes.dropFirst() { value = value << 8 | Int(byte) }
      return value
    }
    let digits = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: " \0"))
    if digits.isEmpty { return 0 }
    guard let value = Int(digits, radix: 8) else {
      throw ArtifactError("not a tar archive: a numeric field holds \"\(digits)\" (archive/tar: invalid tar header)")
    }
    return value
  }

  /// The records of a PAX extended header.
  static func paxRecords(_ data: [UInt8]) -> [String: String] {
    var records: [String: String] = [:]
    var index = 0
    while index < data.count {
      guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
        let length = Int(String(decoding: data[index..<space], as: UTF8.self)), length > 0, index + length <= data.count
      else { break }
      let record = data[(space + 1)..<(index + length)]
      let body = record.last == UInt8(ascii: "\n") ? record.dropLast() : record
      if let equals = body.firstIndex(of: UInt8(ascii: "=")) {
        records[String(decoding: body[body.startIndex..<equals], as: UTF8.self)] = String(decoding: body[(equals + 1)...], as: UTF8.self)
      }
      index += length
    }
    return records
  }
}

/// Writes a gzipped tarball of a file or a folder the way Argo's executor does
/// (`util/archive.TarGzToWriter`): a file is one entry named by its last path component; a
/// folder is an entry for itself, named by its last component, then everything under it as
/// `folder/relative/path`, visited depth first in byte order, links kept as links, nothing else
/// followed. Times are whole seconds; owners are numeric.
enum TarArchiver {
  static func archive(_ source: String, to file: String, level: Int) throws(ArtifactError) {
    guard let status = FileStatus(atPath: source, followingLinks: true) else {
      throw ArtifactError("\(source): no such file or directory")
    }
    guard status.isRegular || status.isDirectory else { throw ArtifactError("\(source) is not a regular file or directory") }
    let output = try OutputFile(creating: file)
    let gzip = try GzipWriter(file: output, level: level)
    let base = (source as NSString).lastPathComponent
    if status.isDirectory {
      try addTree(source, as: base, to: gzip)
    } else {
      try add(source, status: status, as: base, to: gzip)
    }
    try gzip.write([UInt8](repeating: 0, count: 2 * TarFormat.blockSize))
    try gzip.finish()
  }

  private static func addTree(_ path: String, as name: String, to sink: some ByteSink) throws(ArtifactError) {
    guard let status = FileStatus(atPath: path) else { throw ArtifactError("cannot read \(path): \(systemError())") }
    try add(path, status: status, as: name, to: sink)
    guard status.isDirectory else { return }
    for child in try FileTree.sortedNames(in: path) {
      try addTree(path + "/" + child, as: name + "/" + child, to: sink)
    }
  }

  private static func add(_ path: String, status: FileStatus, as name: String, to sink: some ByteSink) throws(ArtifactError) {
    var entry = TarEntry(
      name: name, kind: .file, mode: status.permissions, size: 0, modificationTime: status.modificationTime, userID: status.userID,
      groupID: status.groupID)
    switch status.mode & S_IFMT {
    case S_IFREG: entry.size = status.size
    case S_IFDIR: entry.kind = .directory
    case S_IFLNK:
      entry.kind = .symbolicLink
      entry.linkName = try FileTree.readLink(path)
    case S_IFIFO: entry.kind = .other(UInt8(ascii: "6"))
    case S_IFCHR: entry.kind = .other(UInt8(ascii: "3"))
    case S_IFBLK: entry.kind = .other(UInt8(ascii: "4"))
    default: throw ArtifactError("\(path) is a socket, which a tar archive cannot hold")
    }
    try sink.write(TarFormat.headerBlocks(for: entry))
    guard entry.kind == .file else { return }
    let input = try InputFile(opening: path)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    defer { buffer.deallocate() }
    var remaining = entry.size
    while remaining > 0 {
      let count = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, remaining)]))
      guard count > 0 else { throw ArtifactError("\(path) shrank while it was being archived") }
      try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
      remaining -= count
    }
    try sink.write([UInt8](repeating: 0, count: TarFormat.padding(entry.size)))
  }
}

/// Reads the entries of a gzipped tarball one after another.
final class TarReader {
  private let gzip: GzipReader
  private var remainingData = 0
  private var remainingPadding = 0

  init(path: String) throws(ArtifactError) {
    gzip = try GzipReader(file: try InputFile(opening: path))
  }

  /// The next entry (its data is read with `readData` or skipped by the next call), or nil at
  /// the end of the archive.
  func next() throws(ArtifactError) -> TarEntry? {
    try skipData()
    var extended: [String: String] = [:]
    var longName: String?
    var longLink: String?
    while true {
      let block = try readBlock()
      guard let block, var entry = try TarFormat.parse(block) else { return nil }
      if case .other(let flag) = entry.kind {
        switch flag {
        case UInt8(ascii: "x"):
          extended.merge(TarFormat.paxRecords(try readAll(entry.size))) { $1 }
          continue
        case UInt8(ascii: "g"):
          _ = try readAll(entry.size)
          continue
        case UInt8(ascii: "L"):
          longName = String(decoding: try readAll(entry.size).prefix { $0 != 0 }, as: UTF8.self)
          continue
        case UInt8(ascii: "K"):
          longLink = String(decoding: try readAll(entry.size).prefix { $0 != 0 }, as: UTF8.self)
          continue
        default:
          break
        }
      }
      if let name = extended["path"] ?? longName { entry.name = name }
      if let link = extended["linkpath"] ?? longLink { entry.linkName = link }
      if let size = extended["size"].flatMap({ Int($0) }) { entry.size = size }
      if let time = extended["mtime"].flatMap({ Double($0) }) { entry.modificationTime = Int(time) }
      if entry.kind == .file && entry.name.hasSuffix("/") && block[TarFormat.typeFlag] == 0 { entry.kind = .directory }
      remainingData = entry.kind == .directory || entry.kind == .symbolicLink || entry.kind == .hardLink ? 0 : entry.size
      remainingPadding = TarFormat.padding(remainingData)
      return entry
    }
  }

  /// The current entry's data, in chunks handed to `sink`.
  func readData(into sink: (UnsafeRawBufferPointer) throws(ArtifactError) -> Void) throws(ArtifactError) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    defer { buffer.deallocate() }
    while remainingData > 0 {
      let wanted = min(buffer.count, remainingData)
      let count = try gzip.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
      guard count == wanted else { throw ArtifactError("the archive ends in the middle of a file (unexpected EOF)") }
      try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
      remainingData -= count
    }
  }

  private func skipData() throws(ArtifactError) {
    try readData { _ in }
    if remainingPadding > 0 {
      _ = try gzip.readExactly(remainingPadding, what: "a tar block")
      remainingPadding = 0
    }
  }

  private func readAll(_ count: Int) throws(ArtifactError) -> [UInt8] {
    let bytes = try gzip.readExactly(count, what: "a tar header")
    let padding = TarFormat.padding(count)
    if padding > 0 { _ = try gzip.readExactly(padding, what: "a tar block") }
    return bytes
  }

  /// The next block; nil at the end of the data (an archive may stop without its zero blocks).
  private func readBlock() throws(ArtifactError) -> [UInt8]? {
    var block = [UInt8](repeating: 0, count: TarFormat.blockSize)
    let count = try block.withMutableBytes { (buffer) throws(ArtifactError) in try gzip.read(into: buffer) }
    if count == 0 { return nil }
    guard count == TarFormat.blockSize else { throw ArtifactError("the archive ends in the middle of a header (unexpected EOF)") }
    return block
  }

  /// Whether the file is a gzipped tarball: gzip whose first tar header reads (Argo's
  /// executor decides so whether an input artifact is extracted).
  static func isTarball(_ path: String) -> Bool {
    guard let status = FileStatus(atPath: path, followingLinks: true), status.isRegular, GzipReader.hasGzipMagic(path),
      let reader = try? TarReader(path: path)
    else { return false }
    return (try? reader.next()) != nil
  }
}
