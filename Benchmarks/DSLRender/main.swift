// dsl-render N [OUT.yaml]: builds `../shared/bench/hera_render.py`'s workflow with the Swift DSL
// and writes it as YAML: the Swift side of the whole-process comparison with Hera (start-up
// included), run by manifest-benchmark.

import Foundation
import Hera
import HeraBenchmarkSupport

let arguments = CommandLine.arguments
guard arguments.count >= 2, let count = Int(arguments[1]), count > 0 else {
  FileHandle.standardError.write(Data("usage: dsl-render N [OUT.yaml]\n".utf8))
  exit(2)
}
let workflow = ReferenceWorkload.workflow(tasks: count)
let bytes = ManifestWriter(format: .yaml).bytes([.workflow(workflow)])
if arguments.count >= 3 {
  FileManager.default.createFile(atPath: arguments[2], contents: Data(bytes))
} else {
  FileHandle.standardOutput.write(Data(bytes))
}
