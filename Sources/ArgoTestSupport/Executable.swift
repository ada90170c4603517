import Foundation

/// Runs the built executables of the package, as a user runs them (the test bundle's folder
/// holds them).
public enum Executable {
  /// The folder holding the built products: the test bundle's own folder.
  public static let productsDirectory: URL = {
    var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    while url.pathExtension != "xctest", url.path != "/" { url.deleteLastPathComponent() }
    if url.path == "/" { url = URL(fileURLWithPath: CommandLine.arguments[0]) }
    return url.deletingLastPathComponent()
  }()

  public static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  public static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

  public struct Result: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
  }

  /// Runs `name` (a product of the package, or an absolute path) with `arguments`, feeding
  /// `input` to its standard input; with `environment`, in that environment alone.
  public static func run(
    _ name: String, _ arguments: [String], input: String? = nil, in directory: URL? = nil, environment: [String: String]? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = name.hasPrefix("/") ? URL(fileURLWithPath: name) : productsDirectory.appendingPathComponent(name)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let output = Pipe()
    let error = Pipe()
    let standardInput = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = standardInput
    try process.run()
    if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
    try standardInput.fileHandleForWriting.close()
    // Read both pipes concurrently, so that a large output cannot block the process.
    nonisolated(unsafe) var errorData = Data()
    let errorReader = Thread { errorData = error.fileHandleForReading.readDataToEndOfFile() }
    errorReader.start()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorReader.isFinished { usleep(1_000) }
    return Result(
      status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }

  public static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hera-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

extension Executable {
  /// Runs a program without holding a thread of Swift's cooperative pool while it runs: tests
  /// whose stand-in servers answer on that pool must use this.
  public static func launch(
    _ name: String, _ arguments: [String], input: String? = nil, in directory: URL? = nil, environment: [String: String]? = nil
  ) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(with: Swift.Result { try run(name, arguments, input: input, in: directory, environment: environment) })
      }
    }
  }
}
