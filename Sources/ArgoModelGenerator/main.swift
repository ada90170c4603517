// argo-model-gen: writes the Swift model of Argo's resources from Argo's JSON schema.
//
//   swift run argo-model-gen [SCHEMA.json] [OUTPUT-DIRECTORY]
//
// Defaults: ../shared/argo/schema.json and Sources/ArgoModel/Generated. The output is committed;
// run this again when Argo's schema changes, then `swift test`.

import Foundation

let arguments = CommandLine.arguments.dropFirst()
if arguments.contains("-h") || arguments.contains("--help") {
  print("usage: argo-model-gen [SCHEMA.json] [OUTPUT-DIRECTORY]")
  exit(0)
}
let schemaPath = arguments.first ?? "../shared/argo/schema.json"
let outputPath = arguments.dropFirst().first ?? "Sources/ArgoModel/Generated"

do {
  let schemaURL = URL(fileURLWithPath: schemaPath)
  let generator = try ModelGenerator(schema: Data(contentsOf: schemaURL), source: ModelGenerator.sourceLine(nextTo: schemaURL))
  let files = try generator.generate()
  try ModelGenerator.write(files, to: URL(fileURLWithPath: outputPath))
  print("argo-model-gen: wrote \(files.count) files to \(outputPath)")
} catch {
  FileHandle.standardError.write(Data("argo-model-gen: \(error)\n".utf8))
  exit(1)
}
