import ArgoModel
import Foundation
import Testing

@testable import LocalEngine

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a shell command (the system's tar, unzip, gzip, git) and gives its standard output; a
/// failure is thrown with what it wrote.
@discardableResult
func shell(_ command: String, in folder: URL? = nil) throws -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", command]
  if let folder { process.currentDirectoryURL = folder }
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw ShellFailure(description: "\(command): exit \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))")
  }
  return String(decoding: data, as: UTF8.self)
}

struct ShellFailure: Error, CustomStringConvertible {
  var description: String
}

/// A small tree of files: a folder with nested folders, an empty folder, a link, files of
/// several modes.
func makeTree(at root: URL) throws {
  let manager = FileManager.default
  try manager.createDirectory(at: root.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
  try manager.createDirectory(at: root.appendingPathComponent("empty"), withIntermediateDirectories: true)
  try Data("alpha\n".utf8).write(to: root.appendingPathComponent("a.txt"))
  try Data("beta\n".utf8).write(to: root.appendingPathComponent("sub/b.txt"))
  try Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: root.appendingPathComponent("sub/deeper/data.bin"))
  try Data("#!/bin/sh\necho run\n".utf8).write(to: root.appendingPathComponent("run.sh"))
  chmod(root.appendingPathComponent("run.sh").path, 0o755)
  try Data("secret\n".utf8).write(to: root.appendingPathComponent("sub/private"))
  chmod(root.appendingPathComponent("sub/private").path, 0o600)
  try manager.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "a.txt")
}

/// Every path under `root` with what it is: `d` folders, `l -> target` links, and files as
/// their mode and content's length and checksum.
func describeTree(_ root: URL) throws -> [String] {
  var lines: [String] = []
  func visit(_ url: URL, _ relative: String) throws {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { throw ShellFailure(description: "no \(url.path)") }
    switch info.st_mode & S_IFMT {
    case S_IFDIR:
      lines.append("\(relative)/ d")
      for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() {
        try visit(url.appendingPathComponent(name), relative + "/" + name)
      }
    case S_IFLNK:
      lines.append("\(relative) l -> \(try FileManager.default.destinationOfSymbolicLink(atPath: url.path))")
    default:
      let data = try Data(contentsOf: url)
      let sum = data.reduce(UInt32(0)) { ($0 &* 31) &+ UInt32($1) }
      lines.append("\(relative) \(String(info.st_mode & 0o777, radix: 8)) \(data.count) \(sum)")
    }
  }
  try visit(root, ".")
  return lines
}

@Suite("Artifact archives as Argo's executor makes and unpacks them")
struct ArtifactArchiveTests {
  @Test("a file is tarred alone under its name, and comes back as the file with its mode")
  func fileRoundTrip() throws {
    let scratch = try Scratch()
    let source = scratch.directory.appendingPathComponent("hello_world.txt")
    try Data("hello world\n".utf8).write(to: source)
    chmod(source.path, 0o640)
    let stored = scratch.directory.appendingPathComponent("store/wf/pod/hello-art.tgz")
    try ArtifactPacking.store(source.path, as: .tarball(level: -1), at: stored.path)
    // The system's tar reads it: one entry, named by the file's name.
    #expect(try shell("tar -tzf '\(stored.path)'") == "hello_world.txt\n")
    #expect(TarReader.isTarball(stored.path))

    let destination = scratch.directory.appendingPathComponent("in/message")
    try ArtifactPacking.unpack(stored.path, archive: nil, to: destination.path, consuming: false)
    #expect(try String(contentsOf: destination, encoding: .utf8) == "hello world\n")
    #expect(FileStatus(atPath: destination.path)?.permissions == 0o640)
    #expect(FileManager.default.fileExists(atPath: stored.path), "a stored object is read, not consumed")
  }

  @Test("a folder is tarred as folder/..., in Go's walk order, empty folders and links kept")
  func folderRoundTrip() throws {
    let scratch = try Scratch()
    let source = scratch.directory.appendingPathComponent("out")
    try makeTree(at: source)
    let stored = scratch.directory.appendingPathComponent("dir.tgz")
    try ArtifactPacking.store(source.path + "/", as: .tarball(level: -1), at: stored.path)
    let listing = try shell("tar -tzf '\(stored.path)'").split(separator: "\n")
    #expect(
      listing == [
        "out", "out/a.txt", "out/empty", "out/link", "out/run.sh", "out/sub", "out/sub/b.txt", "out/sub/deeper",
        "out/sub/deeper/data.bin", "out/sub/private",
      ])
    let verbose = try shell("tar -tvzf '\(stored.path)'")
    #expect(verbose.contains("out/link -> a.txt"))

    let destination = scratch.directory.appendingPathComponent("in/data")
    try ArtifactPacking.unpack(stored.path, archive: nil, to: destination.path, consuming: false)
    #expect(try describeTree(destination) == (try describeTree(source)))

    // What the system's tar makes of a folder unpacks the same way (a single top folder).
    let made = scratch.directory.appendingPathComponent("gnu.tgz")
    try shell("tar -czf '\(made.path)' out", in: scratch.directory)
    let fromGNU = scratch.directory.appendingPathComponent("in/gnu")
    try ArtifactPacking.unpack(made.path, archive: nil, to: fromGNU.path, consuming: false)
    #expect(try describeTree(fromGNU) == (try describeTree(source)))
  }

  @Test("an empty folder round-trips as an empty folder; a tarball of several top entries becomes a folder")
  func emptyFolderAndSeveralEntries() throws {
    let scratch = try Scratch()
    let empty = try scratch.folder("nothing")
    let stored = scratch.directory.appendingPathComponent("nothing.tgz")
    try ArtifactPacking.store(empty.path, as: .tarball(level: -1), at: stored.path)
    #expect(try shell("tar -tzf '\(stored.path)'") == "nothing\n")
    let destination = scratch.directory.appendingPathComponent("in/empty")
    try ArtifactPacking.unpack(stored.path, archive: nil, to: destination.path, consuming: false)
    #expect(try describeTree(destination) == ["./ d"])

    try Data("1".utf8).write(to: scratch.directory.appendingPathComponent("one"))
    try Data("2".utf8).write(to: scratch.directory.appendingPathComponent("two"))
    let two = scratch.directory.appendingPathComponent("two.tgz")
    try shell("tar -czf '\(two.path)' one two", in: scratch.directory)
    let unpacked = scratch.directory.appendingPathComponent("in/two")
    try ArtifactPacking.unpack(two.path, archive: nil, to: unpacked.path, consuming: false)
    #expect(try describeTree(unpacked).map { String($0.prefix(5)) } == ["./ d", "./one", "./two"])
  }

  @Test("archive none keeps the file or folder as it is, named by the path's last component")
  func noArchive() throws {
    let scratch = try Scratch()
    let source = scratch.directory.appendingPathComponent("out")
    try makeTree(at: source)
    let none = Artifact(name: "etc", archive: ArchiveStrategy(none: NoneStrategy()), path: "/tmp/out/")
    let packing = ArtifactPacking.packing(of: none.archive, readFromVolume: false)
    #expect(packing == .asIs)
    #expect(ArtifactPacking.fileName(of: none, packing: packing) == "out")
    let stored = scratch.directory.appendingPathComponent("store/out")
    try ArtifactPacking.store(source.path, as: packing, at: stored.path)
    #expect(try describeTree(stored) == (try describeTree(source)))
    // Unpacked with archive none, a tarball stays a tarball.
    let tarball = scratch.directory.appendingPathComponent("data.tgz")
    try ArtifactPacking.store(source.path, as: .tarball(level: 1), at: tarball.path)
    let kept = scratch.directory.appendingPathComponent("in/kept.tgz")
    try ArtifactPacking.unpack(tarball.path, archive: ArchiveStrategy(none: NoneStrategy()), to: kept.path, consuming: false)
    #expect(TarReader.isTarball(kept.path))
  }

  @Test("Argo's choices of packing and names, archive: {} included")
  func packingRules() {
    let artifact = Artifact(name: "result", path: "/tmp/result.txt")
    #expect(ArtifactPacking.packing(of: nil, readFromVolume: false) == .tarball(level: -1))
    #expect(ArtifactPacking.fileName(of: artifact, packing: .tarball(level: -1)) == "result.tgz")
    #expect(
      ArtifactPacking.packing(of: ArchiveStrategy(tar: TarStrategy(compressionLevel: 0)), readFromVolume: false) == .tarball(level: 0))
    #expect(ArtifactPacking.packing(of: ArchiveStrategy(zip: ZipStrategy()), readFromVolume: false) == .zip)
    #expect(ArtifactPacking.fileName(of: artifact, packing: .zip) == "result.zip")
    #expect(ArtifactPacking.fileName(of: artifact, packing: .asIs) == "result.txt")
    // `archive: {}`: stored as it is from the container's file system, an uncompressed tarball
    // from a volume.
    #expect(ArtifactPacking.packing(of: ArchiveStrategy(), readFromVolume: false) == .asIs)
    #expect(ArtifactPacking.packing(of: ArchiveStrategy(), readFromVolume: true) == .tarball(level: 0))
  }

  @Test("compression levels from 0 to 9 make valid tarballs; others are refused as Go refuses them")
  func compressionLevels() throws {
    let scratch = try Scratch()
    let source = scratch.directory.appendingPathComponent("out")
    try makeTree(at: source)
    var sizes: [Int: Int] = [:]
    for level in [-2, -1, 0, 1, 9] {
      let stored = scratch.directory.appendingPathComponent("level\(level).tgz")
      try ArtifactPacking.store(source.path, as: .tarball(level: level), at: stored.path)
      try shell("gzip -t '\(stored.path)'")
      sizes[level] = FileStatus(atPath: stored.path)?.size
    }
    #expect(sizes[0]! > sizes[9]!, "level 0 stores without compressing")
    #expect(throws: ArtifactError.self) {
      try ArtifactPacking.store(source.path, as: .tarball(level: 10), at: scratch.directory.appendingPathComponent("bad.tgz").path)
    }
    #expect(!FileManager.default.fileExists(atPath: scratch.directory.appendingPathComponent("bad.tgz").path))
  }

  @Test("zip: the files of a folder, deflated, which unzip reads; unzipped back as Argo does")
  func zipRoundTrip() throws {
    let scratch = try Scratch()
    let source = scratch.directory.appendingPathComponent("out")
    try makeTree(at: source)
    let stored = scratch.directory.appendingPathComponent("out.zip")
    try ArtifactPacking.store(source.path, as: .zip, at: stored.path)
    let listing = try shell("unzip -Z1 '\(stored.path)'").split(separator: "\n")
    #expect(listing == ["out/a.txt", "out/link", "out/run.sh", "out/sub/b.txt", "out/sub/deeper/data.bin", "out/sub/private"])
    try shell("unzip -tq '\(stored.path)'")

    let destination = scratch.directory.appendingPathComponent("in/zipped")
    try ArtifactPacking.unpack(stored.path, archive: ArchiveStrategy(zip: ZipStrategy()), to: destination.path, consuming: false)
    #expect(try Data(contentsOf: destination.appendingPathComponent("sub/deeper/data.bin")).count == 200_000)
    #expect(try String(contentsOf: destination.appendingPathComponent("a.txt"), encoding: .utf8) == "alpha\n")
    // No Unix modes in Argo's zips: files come back 0666 less the umask; the empty folder is lost.
    #expect(FileStatus(atPath: destination.appendingPathComponent("run.sh").path)?.permissions == 0o644)
    #expect(!FileManager.default.fileExists(atPath: destination.appendingPathComponent("empty").path))

    // A zip made by the system's zip, with Unix modes, keeps them.
    let made = scratch.directory.appendingPathComponent("made.zip")
    try shell("zip -qr '\(made.path)' out", in: scratch.directory)
    let fromZip = scratch.directory.appendingPathComponent("in/made")
    try ArtifactPacking.unpack(made.path, archive: ArchiveStrategy(zip: ZipStrategy()), to: fromZip.path, consuming: false)
    #expect(FileStatus(atPath: fromZip.appendingPathComponent("run.sh").path)?.permissions == 0o755)
    #expect(try String(contentsOf: fromZip.appendingPathComponent("sub/b.txt"), encoding: .utf8) == "beta\n")
  }

  @Test("names longer than tar's 100 bytes, written and read either way")
  func longNames() throws {
    let scratch = try Scratch()
    let source = scratch.directory.appendingPathComponent("long")
    let deep = (0..<6).map { "folder-with-a-rather-long-name-\($0)" }.joined(separator: "/")
    let nested = source.appendingPathComponent(deep)
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    let fileName = String(repeating: "é", count: 60) + ".txt"
    try Data("deep\n".utf8).write(to: nested.appendingPathComponent(fileName))
    let stored = scratch.directory.appendingPathComponent("long.tgz")
    try ArtifactPacking.store(source.path, as: .tarball(level: -1), at: stored.path)
    #expect(try shell("tar -tzf '\(stored.path)'").contains("long/\(deep)/"))
    let destination = scratch.directory.appendingPathComponent("in/long")
    try ArtifactPacking.unpack(stored.path, archive: nil, to: destination.path, consuming: false)
    #expect(try String(contentsOf: destination.appendingPathComponent(deep).appendingPathComponent(fileName), encoding: .utf8) == "deep\n")

    let gnu = scratch.directory.appendingPathComponent("gnu-long.tgz")
    try shell("tar --format=gnu -czf '\(gnu.path)' long", in: scratch.directory)
    let fromGNU = scratch.directory.appendingPathComponent("in/gnu-long")
    try ArtifactPacking.unpack(gnu.path, archive: nil, to: fromGNU.path, consuming: false)
    #expect(try describeTree(fromGNU) == (try describeTree(source)))
  }

  @Test("entries leading outside the artifact are refused, as Argo refuses them")
  func illegalPaths() throws {
    let scratch = try Scratch()
    let folder = try scratch.folder("content")
    try Data("x".utf8).write(to: folder.appendingPathComponent("x"))
    // `tar -C folder .` names its first entry "./": Argo's executor refuses it.
    let dotted = scratch.directory.appendingPathComponent("dotted.tgz")
    try shell("tar -czf '\(dotted.path)' -C content .", in: scratch.directory)
    do {
      try ArtifactPacking.unpack(
        dotted.path, archive: nil, to: scratch.directory.appendingPathComponent("in/dotted").path, consuming: false)
      Issue.record("./ was accepted")
    } catch {
      #expect(error.message == "illegal file path: ./")
      #expect(error.hint?.contains("tar -czf") == true)
    }
    let escaping = scratch.directory.appendingPathComponent("escaping.tgz")
    try shell("tar -czf '\(escaping.path)' -P --transform 's,^,../,' content/x", in: scratch.directory)
    #expect(try shell("tar -tzf '\(escaping.path)'") == "../content/x\n")
    #expect(throws: ArtifactError.self) {
      try ArtifactPacking.unpack(
        escaping.path, archive: nil, to: scratch.directory.appendingPathComponent("in/escaping").path, consuming: false)
    }
    #expect(!FileManager.default.fileExists(atPath: scratch.directory.appendingPathComponent("in/x").path))
    #expect(!FileManager.default.fileExists(atPath: scratch.directory.appendingPathComponent("in/escaping.tmpdir").path))
  }

  @Test("only gzipped tarballs are extracted unasked; tar demands one; mode and recurseMode")
  func detectionAndModes() throws {
    let scratch = try Scratch()
    let text = scratch.directory.appendingPathComponent("plain.txt")
    try Data("just text".utf8).write(to: text)
    #expect(!TarReader.isTarball(text.path))
    let gzipped = scratch.directory.appendingPathComponent("plain.txt.gz")
    try shell("gzip -k '\(text.path)'")
    #expect(!TarReader.isTarball(gzipped.path), "gzip that is not a tarball stays as it is")
    let kept = scratch.directory.appendingPathComponent("in/kept.gz")
    try ArtifactPacking.unpack(gzipped.path, archive: nil, to: kept.path, consuming: false)
    #expect(GzipReader.hasGzipMagic(kept.path))
    #expect(throws: ArtifactError.self) {
      try ArtifactPacking.unpack(
        text.path, archive: ArchiveStrategy(tar: TarStrategy()), to: scratch.directory.appendingPathComponent("in/bad").path,
        consuming: false)
    }
    // Nor are zip files: only `archive: {zip: {}}` unzips.
    let zipped = scratch.directory.appendingPathComponent("plain.zip")
    try shell("zip -q '\(zipped.path)' plain.txt", in: scratch.directory)
    let keptZip = scratch.directory.appendingPathComponent("in/kept.zip")
    try ArtifactPacking.unpack(zipped.path, archive: nil, to: keptZip.path, consuming: false)
    #expect(try Data(contentsOf: keptZip) == (try Data(contentsOf: zipped)))

    let tree = scratch.directory.appendingPathComponent("tree")
    try makeTree(at: tree)
    try ArtifactPacking.applyMode(0o700, recursive: false, at: tree.path)
    #expect(FileStatus(atPath: tree.path)?.permissions == 0o700)
    #expect(FileStatus(atPath: tree.appendingPathComponent("a.txt").path)?.permissions == 0o644)
    try ArtifactPacking.applyMode(0o750, recursive: true, at: tree.path)
    #expect(FileStatus(atPath: tree.appendingPathComponent("sub/private").path)?.permissions == 0o750)
    #expect(FileStatus(atPath: tree.appendingPathComponent("sub/deeper").path)?.permissions == 0o750)
  }

  @Test("a truncated tarball is an error, not a partial artifact")
  func truncated() throws {
    let scratch = try Scratch()
    let source = scratch.directory.appendingPathComponent("out")
    try makeTree(at: source)
    let stored = scratch.directory.appendingPathComponent("out.tgz")
    try ArtifactPacking.store(source.path, as: .tarball(level: 0), at: stored.path)
    let bytes = try Data(contentsOf: stored)
    try bytes.prefix(bytes.count / 2).write(to: stored)
    let destination = scratch.directory.appendingPathComponent("in/out")
    #expect(throws: ArtifactError.self) {
      try ArtifactPacking.unpack(stored.path, archive: ArchiveStrategy(tar: TarStrategy()), to: destination.path, consuming: false)
    }
    #expect(!FileManager.default.fileExists(atPath: destination.path))
  }
}
