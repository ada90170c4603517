import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Making folders quickly: a run makes several per pod, and Foundation's
/// `createDirectory(withIntermediateDirectories:)` looks at every component of the path each
/// time, which cost a third of a large run's time.
enum Folders {
  struct Failure: Error, LocalizedError {
    let path: String
    let reason: String
    var errorDescription: String? { "cannot make the folder \(path): \(reason)" }
  }

  /// Makes `url` and the folders above it that are missing; nothing when it exists.
  static func make(_ url: URL) throws(Failure) {
    try make(path: url.path)
  }

  static func make(path: String) throws(Failure) {
    if mkdir(path, 0o755) == 0 { return }
    switch errno {
    case EEXIST:
      var info = stat()
      if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { return }
      throw Failure(path: path, reason: "a file of that name is in the way")
    case ENOENT:
      let parent = (path as NSString).deletingLastPathComponent
      guard !parent.isEmpty, parent != path else { throw Failure(path: path, reason: String(cString: strerror(ENOENT))) }
      try make(path: parent)
      if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
      throw Failure(path: path, reason: String(cString: strerror(errno)))
    default:
      throw Failure(path: path, reason: String(cString: strerror(errno)))
    }
  }
}
