import ArgoModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// How Argo's executor stores an output artifact and lays an input artifact out, done here
/// (`stageArchiveFile` and `loadArtifacts` in `workflow/executor/executor.go`, with
/// `util/archive`).
///
/// Outputs, by `archive`:
/// - absent, or `tar: {compressionLevel: N}`: a gzipped tarball (level N, else gzip's default)
///   named `<artifact name>.tgz`;
/// - `zip: {}`: a zip file named `<artifact name>.zip`;
/// - `none: {}`: the file or folder itself, named by the path's last component;
/// - `{}` (none of the three): the executor's two paths disagree, and both are followed: a path
///   on a volume (or under an input artifact) is tarred without compression, one in the
///   container's own file system is stored as it is.
///
/// Inputs, by the artifact's `archive` (which an artifact passed with `from` carries from its
/// output): `none` places what was loaded as it is; `tar` extracts it (it must be a gzipped
/// tarball); `zip` unzips it; otherwise it is extracted only if it is a gzipped tarball (zip
/// files are not detected). Then `mode`, when given, is set on the result, and with
/// `recurseMode` on everything under it.
enum ArtifactPacking {
  enum Packing: Equatable {
    case tarball(level: Int)
    case zip
    case asIs
  }

  /// Argo's choice for an output artifact; `readFromVolume` says whether its path lies on a
  /// volume mount or under an input artifact, where Argo's executor reads it directly.
  static func packing(of archive: ArchiveStrategy?, readFromVolume: Bool) -> Packing {
    guard let archive else { return .tarball(level: -1) }
    if archive.none != nil { return .asIs }
    if archive.zip != nil { return .zip }
    if let tar = archive.tar { return .tarball(level: tar.compressionLevel ?? -1) }
    return readFromVolume ? .tarball(level: 0) : .asIs
  }

  /// The name the stored object gets under its key prefix.
  static func fileName(of artifact: Artifact, packing: Packing) -> String {
    switch packing {
    case .tarball: return "\(artifact.name).tgz"
    case .zip: return "\(artifact.name).zip"
    case .asIs: return PathName.base(artifact.path ?? artifact.name)
    }
  }

  /// Stores `source` (a file or a folder) packed so at `destination`, replacing what was there
  /// once the new object is complete.
  static func store(_ source: String, as packing: Packing, at destination: String) throws(ArtifactError) {
    let folder = (destination as NSString).deletingLastPathComponent
    do throws(Folders.Failure) {
      try Folders.make(path: folder)
    } catch {
      throw ArtifactError(error.errorDescription ?? "cannot make the folder \(folder)")
    }
    let partial = destination + ".partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    do throws(ArtifactError) {
      switch packing {
      case .tarball(let level): try TarArchiver.archive(source, to: partial, level: level)
      case .zip: try ZipArchive.archive(source, to: partial)
      case .asIs:
        guard let status = FileStatus(atPath: source, followingLinks: true) else {
          throw ArtifactError("\(source): no such file or directory")
        }
        guard status.isRegular || status.isDirectory else { throw ArtifactError("\(source) is not a regular file or directory") }
        try FileTree.copy(PathName.clean(source), to: partial)
      }
      try FileTree.move(partial, to: destination)
    } catch {
      FileTree.remove(partial)
      throw error
    }
  }

  /// Lays out what a source loaded (`loaded`: a stored object, a downloaded file, a clone) at
  /// `destination`, as the artifact's `archive` says. With `consuming`, `loaded` is a scratch
  /// copy that may be moved rather than copied.
  static func unpack(_ loaded: String, archive: ArchiveStrategy?, to destination: String, consuming: Bool) throws(ArtifactError) {
    FileTree.remove(destination)
    let folder = (destination as NSString).deletingLastPathComponent
    do throws(Folders.Failure) {
      try Folders.make(path: folder)
    } catch {
      throw ArtifactError(error.errorDescription ?? "cannot make the folder \(folder)")
    }
    let extractsTar: Bool
    var extractsZip = false
    if archive?.none != nil {
      extractsTar = false
    } else if archive?.tar != nil {
      extractsTar = true
      guard TarReader.isTarball(loaded) else {
        throw ArtifactError(
          "its archive is tar, but what was loaded is not a gzipped tarball",
          hint: "leave archive out to extract only tarballs, or say archive: {none: {}} to keep the file as it is")
      }
    } else if archive?.zip != nil {
      extractsTar = false
      extractsZip = true
    } else {
      extractsTar = TarReader.isTarball(loaded)
    }
    if extractsTar {
      try ArchiveExtraction.untar(loaded, to: destination)
    } else if extractsZip {
      try ArchiveExtraction.unzip(loaded, to: destination)
    } else if consuming {
      try FileTree.move(loaded, to: destination)
    } else {
      try FileTree.copy(loaded, to: destination)
    }
    if consuming { FileTree.remove(loaded) }
  }

  /// Sets `mode` on `path`, and with `recursive` on everything under it; links are left alone.
  static func applyMode(_ mode: Int, recursive: Bool, at path: String) throws(ArtifactError) {
    guard chmod(path, mode_t(mode & 0o7777)) == 0 else { throw ArtifactError("cannot set the mode of \(path): \(systemError())") }
    guard recursive, FileStatus(atPath: path)?.isDirectory == true else { return }
    for name in try FileTree.sortedNames(in: path) {
      let child = path + "/" + name
      guard let status = FileStatus(atPath: child), !status.isSymbolicLink else { continue }
      try applyMode(mode, recursive: true, at: child)
    }
  }
}
