import ArgoTestSupport
import Foundation
import Testing

/// The code follows the committed `.swift-format` configuration: `swift format lint --strict`
/// finds nothing in the package's own Swift files (the generated model is the generator's to
/// shape). `swift format format -i FILES` puts a file right.
@Suite struct FormattingTests {
  /// The Swift files the configuration covers.
  static func files() -> [String] {
    let root = Executable.packageRoot
    var files: [String] = []
    for folder in ["Sources", "Tests", "Examples", "Benchmarks"] {
      let base = root.appendingPathComponent(folder)
      guard let walk = FileManager.default.enumerator(atPath: base.path) else { continue }
      while let path = walk.nextObject() as? String {
        guard path.hasSuffix(".swift"), !path.hasPrefix("ArgoModel/Generated/"), !path.contains(".build/") else { continue }
        files.append(base.appendingPathComponent(path).path)
      }
    }
    return files.sorted()
  }

  @Test("swift format lint --strict finds nothing to change")
  func codeFollowsTheConfiguration() async throws {
    let root = Executable.packageRoot
    let files = Self.files()
    #expect(files.count > 300, "the walk found too few files: \(files.count)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["swift", "format", "lint", "--strict", "--configuration", root.appendingPathComponent(".swift-format").path] + files
    process.currentDirectoryURL = root
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0 && said.isEmpty, "swift format format -i puts these right:\n\(said.prefix(4000))")
  }
}
