import Foundation

/// Paths of the shared data beside the repository (`../shared`), which tests read in place.
public enum SharedData {
  public static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  public static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
  public static let schema = shared.appendingPathComponent("argo/schema.json")
  public static let examples = shared.appendingPathComponent("argo/examples")
  public static let heraExamples = shared.appendingPathComponent("hera-examples")

  /// Every YAML file under Argo's examples folder, sorted.
  public static func exampleFiles() -> [URL] {
    let enumerator = FileManager.default.enumerator(at: examples, includingPropertiesForKeys: nil)
    var files: [URL] = []
    while let url = enumerator?.nextObject() as? URL {
      if url.pathExtension == "yaml" || url.pathExtension == "yml" { files.append(url) }
    }
    return files.sorted { $0.path < $1.path }
  }

  public static func bytes(_ url: URL) throws -> [UInt8] {
    Array(try Data(contentsOf: url))
  }
}
