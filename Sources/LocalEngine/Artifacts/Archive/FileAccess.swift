import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The text of the last system error.
func systemError(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

// The system calls under names of their own: the file types below have methods named like them.
private func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, bytes, count) }
private func systemRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(descriptor, bytes, count) }

/// A file open for writing (created, or emptied), written straight through `write(2)`; the
/// archive writers buffer on their side.
final class OutputFile {
  let path: String
  private var descriptor: Int32

  /// - Parameter mode: the new file's permissions (the process's umask applies).
  init(creating path: String, mode: mode_t = 0o644) throws(ArtifactError) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw ArtifactError("cannot create \(path): \(systemError())") }
  }

  deinit {
    if descriptor >= 0 { _ = systemClose(descriptor) }
  }

  func write(_ bytes: UnsafeRawBufferPointer) throws(ArtifactError) {
    var offset = 0
    while offset < bytes.count {
      let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw ArtifactError("cannot write \(path): \(systemError())")
      }
      offset += written
    }
  }

  func write(_ bytes: [UInt8]) throws(ArtifactError) {
    try bytes.withBytes { (buffer) throws(ArtifactError) in try write(buffer) }
  }

  /// Writes at an absolute offset without moving the current position (to patch a header).
  func write(_ bytes: [UInt8], at offset: Int) throws(ArtifactError) {
    let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
    guard written == bytes.count else { throw ArtifactError("cannot write \(path): \(systemError())") }
  }

  /// The current position: the number of bytes written so far.
  var position: Int { Int(lseek(descriptor, 0, SEEK_CUR)) }

  func close() throws(ArtifactError) {
    guard descriptor >= 0 else { return }
    let result = systemClose(descriptor)
    descriptor = -1
    guard result == 0 else { throw ArtifactError("cannot write \(path): \(systemError())") }
  }
}

/// A file open for reading, sequentially or at offsets.
final class InputFile {
  let path: String
  private let descriptor: Int32

  init(opening path: String) throws(ArtifactError) {
    self.path = path
    descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw ArtifactError("cannot read \(path): \(systemError())") }
  }

  deinit {
    _ = systemClose(descriptor)
  }

  /// Reads what comes next into `buffer`; 0 at the end of the file.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(ArtifactError) -> Int {
    while true {
      let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      if errno == EINTR { continue }
      if errno == EISDIR { throw ArtifactError("\(path) is a folder, not a file") }
      throw ArtifactError("cannot read \(path): \(systemError())")
    }
  }

  /// `count` bytes at `offset` (fewer at the end of the file).
  func read(at offset: Int, count: Int) throws(ArtifactError) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
      let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
      if got < 0 {
        if errno == EINTR { continue }
        throw ArtifactError("cannot read \(path): \(systemError())")
      }
      if got == 0 { break }
      done += got
    }
    return Array(bytes[0..<done])
  }

  var size: Int {
    var info = stat()
    return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
  }
}

/// What `lstat` says of a path.
struct FileStatus {
  var mode: mode_t
  var size: Int
  var modificationTime: Int
  var userID: Int
  var groupID: Int

  init?(atPath path: String, followingLinks: Bool = false) {
    var info = stat()
    guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
    mode = info.st_mode
    size = Int(info.st_size)
    #if canImport(Darwin)
      modificationTime = Int(info.st_mtimespec.tv_sec)
    #else
      modificationTime = Int(info.st_mtim.tv_sec)
    #endif
    userID = Int(info.st_uid)
    groupID = Int(info.st_gid)
  }

  var isDirectory: Bool { (mode & S_IFMT) == S_IFDIR }
  var isRegular: Bool { (mode & S_IFMT) == S_IFREG }
  var isSymbolicLink: Bool { (mode & S_IFMT) == S_IFLNK }
  /// The permission bits, with set-user-id, set-group-id and sticky.
  var permissions: UInt32 { UInt32(mode & 0o7777) }
}

enum FileTree {
  /// The names in a folder, in the byte order of their UTF-8 (the order Go's `filepath.Walk`
  /// visits them, and so the order of entries in Argo's archives).
  static func sortedNames(in folder: String) throws(ArtifactError) -> [String] {
    guard let directory = opendir(folder) else { throw ArtifactError("cannot list \(folder): \(systemError())") }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }

  static func readLink(_ path: String) throws(ArtifactError) -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count >= 0 else { throw ArtifactError("cannot read the link \(path): \(systemError())") }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Removes a file or a folder with everything in it; nothing when absent.
  static func remove(_ path: String) {
    guard FileStatus(atPath: path) != nil else { return }
    try? FileManager.default.removeItem(atPath: path)
  }

  /// Copies a file, a link or a folder (recursively; links stay links), keeping permissions.
  static func copy(_ source: String, to destination: String) throws(ArtifactError) {
    guard let status = FileStatus(atPath: source) else { throw ArtifactError("cannot read \(source): \(systemError())") }
    if status.isDirectory {
      guard mkdir(destination, 0o700) == 0 || errno == EEXIST else {
        throw ArtifactError("cannot make the folder \(destination): \(systemError())")
      }
      for name in try sortedNames(in: source) {
        try copy(source + "/" + name, to: destination + "/" + name)
      }
      _ = chmod(destination, mode_t(status.permissions))
    } else if status.isSymbolicLink {
      let target = try readLink(source)
      guard symlink(target, destination) == 0 else { throw ArtifactError("cannot make the link \(destination): \(systemError())") }
    } else if status.isRegular {
      let input = try InputFile(opening: source)
      let output = try OutputFile(creating: destination, mode: mode_t(status.permissions))
      let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
      defer { buffer.deallocate() }
      while true {
        let count = try input.read(into: buffer)
        if count == 0 { break }
        try output.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
      }
      try output.close()
      _ = chmod(destination, mode_t(status.permissions))
    } else {
      throw ArtifactError("\(source) is not a regular file, a folder or a link")
    }
  }

  /// Moves `source` to `destination` (replacing what is there), copying when they are on
  /// different file systems.
  static func move(_ source: String, to destination: String) throws(ArtifactError) {
    remove(destination)
    if rename(source, destination) == 0 { return }
    guard errno == EXDEV else { throw ArtifactError("cannot move \(source) to \(destination): \(systemError())") }
    try copy(source, to: destination)
    remove(source)
  }
}

extension Array where Element == UInt8 {
  /// `withUnsafeBytes`, keeping the closure's error type (the standard library's version
  /// rethrows it as `any Error`).
  func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws(ArtifactError) -> Result) throws(ArtifactError) -> Result {
    try withUnsafeBytes { buffer in Swift.Result { () throws(ArtifactError) in try body(buffer) } }.get()
  }

  /// `withUnsafeMutableBytes`, keeping the closure's error type.
  mutating func withMutableBytes<Result>(
    _ body: (UnsafeMutableRawBufferPointer) throws(ArtifactError) -> Result
  ) throws(ArtifactError) -> Result {
    try withUnsafeMutableBytes { buffer in Swift.Result { () throws(ArtifactError) in try body(buffer) } }.get()
  }
}
