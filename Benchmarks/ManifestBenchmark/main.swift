// manifest-benchmark: figures for building, writing and reading large workflows.
//
//   swift build -c release --product dsl-render && swift run -c release manifest-benchmark [--sizes 5000,50000] [--hera] [--python PATH]
//
// The workload is `../shared/bench/hera_render.py`'s: a DAG of N tasks "t-i" over one container
// template, task t-i depending on t-(i/2). References measured in the same run, on the same
// machine: PyYAML (C loader and dumper) on the same YAML, and with --hera, Hera 7.1.0 building and
// serialising the same workflow (pip install hera==7.1.0 pyyaml in the Python given with
// --python, e.g. a virtual environment's bin/python). Ratios matter, not
// absolute times: these machines are noisy.

import ArgoModel
import Foundation
import Hera
import HeraBenchmarkSupport

#if canImport(Glibc)
  import Glibc
#endif

struct Options {
  var sizes = [5_000, 50_000]
  var hera = false
  var repetitions = 3
  var python = "python3"

  init(_ arguments: [String]) {
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
      switch argument {
      case "--sizes": sizes = (iterator.next() ?? "").split(separator: ",").compactMap { Int($0) }
      case "--hera": hera = true
      case "--repetitions": repetitions = Int(iterator.next() ?? "") ?? 3
      case "--python": python = iterator.next() ?? "python3"
      default:
        print("usage: manifest-benchmark [--sizes 5000,50000] [--repetitions 3] [--hera] [--python PATH]")
        exit(2)
      }
    }
  }
}

/// The best of `repetitions` runs, in seconds.
func measure<T>(_ repetitions: Int, _ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
  var best = Double.infinity
  var result: T?
  for _ in 0..<max(1, repetitions) {
    let start = ContinuousClock.now
    let value = try body()
    let elapsed = start.duration(to: .now)
    best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    result = value
  }
  return (best, result!)
}

func peakResidentMegabytes() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

/// The reference workload, built with the model's initializers.
func buildWorkflow(tasks count: Int) -> Workflow {
  var tasks: [DAGTask] = []
  tasks.reserveCapacity(count)
  for index in 0..<count {
    var task = DAGTask(
      name: "t-\(index)",
      arguments: Arguments(parameters: [Parameter(name: "i", value: AnyString("\(index)"))]),
      template: "work")
    if index >= 2 { task.depends = "t-\(index / 2)" }
    tasks.append(task)
  }
  let work = Template(
    name: "work",
    container: Container(args: ["echo {{inputs.parameters.i}}"], command: ["sh", "-c"], image: "alpine:3.19"),
    inputs: Inputs(parameters: [Parameter(name: "i")]))
  let main = Template(name: "main", dag: DAGTemplate(tasks: tasks))
  return Workflow(
    metadata: ObjectMeta(generateName: "big-"),
    spec: WorkflowSpec(entrypoint: "main", templates: [work, main]))
}

/// A Workflow as the Argo Server returns it with N finished pod nodes (`status_decode.py`'s shape).
func statusJSON(nodes count: Int) -> [UInt8] {
  let root = "big-abcde"
  var nodes = JSONObject()
  nodes.append(
    root,
    [
      "id": .string(root), "name": .string(root), "displayName": .string(root), "type": "DAG", "templateName": "main",
      "phase": "Running", "startedAt": "2026-11-25T08:00:00Z",
      "children": .array((0..<count).map { .string("\(root)-\($0)") }), "progress": .string("0/\(count)"),
    ])
  for index in 0..<count {
    let id = "\(root)-\(index)"
    nodes.append(
      id,
      [
        "id": .string(id), "name": .string("\(root).t-\(index)"), "displayName": .string("t-\(index)"), "type": "Pod",
        "templateName": "work", "phase": "Succeeded", "boundaryID": .string(root), "startedAt": "2026-11-25T08:00:01Z",
        "finishedAt": "2026-11-25T08:00:05Z", "progress": "1/1", "resourcesDuration": ["cpu": 1, "memory": 1],
        "hostNodeName": "node-1", "podIP": "10.0.0.1", "inputs": ["parameters": [["name": "i", "value": .string("\(index)")]]],
        "outputs": ["exitCode": "0", "result": .string("out \(index)")],
      ])
  }
  let workflow: JSONValue = [
    "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
    "metadata": [
      "name": .string(root), "namespace": "argo", "uid": "u", "resourceVersion": "7", "creationTimestamp": "2026-11-25T08:00:00Z",
    ],
    "spec": ["entrypoint": "main", "templates": [["name": "work", "container": ["image": "alpine", "command": ["true"]]]]],
    "status": ["phase": "Running", "startedAt": "2026-11-25T08:00:00Z", "progress": .string("\(count)/\(count)"), "nodes": .object(nodes)],
  ]
  return ManifestWriter(format: .json, jsonStyle: .compact).bytes(values: [workflow])
}

/// Runs a Python snippet and returns what it prints, or nil when Python or a module is missing.
func python(_ script: String, arguments: [String] = [], interpreter: String) -> String? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = [interpreter, "-c", script] + arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = FileHandle.nullDevice
  do { try process.run() } catch { return nil }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else { return nil }
  return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

let pyYAMLTiming = """
  import sys, time, yaml
  text = open(sys.argv[1]).read()
  t0 = time.perf_counter(); data = yaml.load(text, Loader=yaml.CSafeLoader); t1 = time.perf_counter()
  out = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False); t2 = time.perf_counter()
  print(f"{t1 - t0:.4f} {t2 - t1:.4f}")
  """

func format(_ seconds: Double) -> String { String(format: "%8.3f s", seconds) }
func ratio(_ reference: Double, _ ours: Double) -> String { String(format: "%6.1fx", reference / ours) }

let options = Options(Array(CommandLine.arguments.dropFirst()))
let reader = ManifestReader()
let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-benchmark-\(getpid())")
try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: temporary) }

print("manifest-benchmark: best of \(options.repetitions) runs, release build\n")
for size in options.sizes {
  print("== \(size) tasks ==")
  let build = measure(options.repetitions) { buildWorkflow(tasks: size) }
  let workflow = build.result
  let buildDSL = measure(options.repetitions) { ReferenceWorkload.workflow(tasks: size) }
  guard buildDSL.result == workflow else {
    print("error: the DSL builds a different workflow from the model's initializers")
    exit(1)
  }
  let lint = measure(options.repetitions) { Linter().lint(.workflow(workflow)) }
  guard !lint.result.hasErrors else {
    print("error: lint finds errors in the reference workload: \(lint.result.prefix(3))")
    exit(1)
  }
  let writeYAML = measure(options.repetitions) { ManifestWriter(format: .yaml).bytes([.workflow(workflow)]) }
  let writeJSON = measure(options.repetitions) { ManifestWriter(format: .json).bytes([.workflow(workflow)]) }
  let yaml = writeYAML.result
  let json = writeJSON.result
  let readYAML = try measure(options.repetitions) { try reader.read(yaml, format: .yaml) }
  let readJSON = try measure(options.repetitions) { try reader.read(json, format: .json) }
  guard readYAML.result.first?.manifest == .workflow(workflow), readJSON.result.first?.manifest == .workflow(workflow) else {
    print("error: the workflow read back differs from the one written")
    exit(1)
  }
  print("  build (model initializers)   \(format(build.seconds))")
  print("  build (DSL)                  \(format(buildDSL.seconds))")
  print("  lint                         \(format(lint.seconds))")
  print("  write YAML                   \(format(writeYAML.seconds))   \(yaml.count / 1024) KiB")
  print("  write JSON                   \(format(writeJSON.seconds))   \(json.count / 1024) KiB")
  print("  read YAML (parse + decode)   \(format(readYAML.seconds))")
  print("  read JSON (parse + decode)   \(format(readJSON.seconds))")
  print("  round trip YAML              \(format(readYAML.seconds + writeYAML.seconds))")

  let file = temporary.appendingPathComponent("big-\(size).yaml")
  try Data(yaml).write(to: file)
  if let line = python(pyYAMLTiming, arguments: [file.path], interpreter: options.python) {
    let parts = line.split(separator: " ").compactMap { Double($0) }
    if parts.count == 2 {
      print("  PyYAML C load (no model)     \(format(parts[0]))   ours read YAML is \(ratio(parts[0], readYAML.seconds)) faster")
      print("  PyYAML C dump                \(format(parts[1]))   ours write YAML is \(ratio(parts[1], writeYAML.seconds)) faster")
    }
  } else {
    print("  (PyYAML not available: no reference)")
  }
  if options.hera {
    let script = SharedDataPath.benchScript("hera_render.py")
    let heraOutput = temporary.appendingPathComponent("hera-\(size).yaml")
    let run =
      "import runpy, sys; sys.argv = ['hera_render.py', '\(size)', '\(heraOutput.path)']; runpy.run_path('\(script)', run_name='__main__')"
    if let line = python(run, interpreter: options.python),
      let data = line.data(using: .utf8),
      let figures = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let heraBuild = figures["build_s"] as? Double, let heraSerialise = figures["serialize_s"] as? Double
    {
      let ours = buildDSL.seconds + writeYAML.seconds
      print(
        "  Hera 7.1.0 build + to_yaml   \(format(heraBuild + heraSerialise))   ours (DSL build + write) is \(ratio(heraBuild + heraSerialise, ours)) faster"
      )
      let heraManifest = try reader.read(contentsOf: heraOutput.path).first?.manifest
      print("  Hera's output and ours are   \(heraManifest == .workflow(workflow) ? "the same workflow" : "DIFFERENT")")
      // Whole processes, start-up included, as a user feels them.
      let swiftOutput = temporary.appendingPathComponent("dsl-\(size).yaml").path
      let swiftProcess = timeProcess(DSLRenderPath.executable, [String(size), swiftOutput], repetitions: options.repetitions)
      let heraProcess = timeProcess(options.python, [script, String(size), heraOutput.path], repetitions: options.repetitions)
      if let swiftProcess, let heraProcess {
        print("  whole process: dsl-render    \(format(swiftProcess))")
        print("  whole process: hera_render.py\(format(heraProcess))   ours is \(ratio(heraProcess, swiftProcess)) faster")
      }
    } else {
      print("  (Hera not available in \(options.python): pip install hera==7.1.0)")
    }
  }
  print("  peak resident memory so far  \(String(format: "%8.0f MiB", peakResidentMegabytes()))\n")
}

print("== status decoding: a Workflow with 5000 finished nodes, as the Argo Server returns it ==")
let status = statusJSON(nodes: 5_000)
var lenient = ManifestReader.Options.preserving
lenient.maxBytes = 1 << 30
let statusReader = ManifestReader(options: lenient)
let decodeStatus = try measure(options.repetitions) { try statusReader.decode(Workflow.self, from: status, format: .json) }
guard decodeStatus.result.status?.nodes?.count == 5_001 else {
  print("error: the status did not decode")
  exit(1)
}
print("  parse + decode               \(format(decodeStatus.seconds))   \(status.count / 1024) KiB")
let statusFile = temporary.appendingPathComponent("status.json")
try Data(status).write(to: statusFile)
if let line = python(
  "import sys, time, json; t = open(sys.argv[1]).read(); t0 = time.perf_counter(); json.loads(t); print(f'{time.perf_counter() - t0:.4f}')",
  arguments: [statusFile.path], interpreter: options.python), let seconds = Double(line)
{
  print("  Python json.loads (no model) \(format(seconds))   ratio \(ratio(seconds, decodeStatus.seconds))")
}
if options.hera,
  let line = python(
    "import sys, time, json; from hera.workflows.models import Workflow as W; d = json.loads(open(sys.argv[1]).read()); t0 = time.perf_counter(); W.model_validate(d); print(f'{time.perf_counter() - t0:.4f}')",
    arguments: [statusFile.path], interpreter: options.python), let seconds = Double(line)
{
  print(
    "  Hera's pydantic models       \(format(seconds))   ours is \(ratio(seconds, decodeStatus.seconds)) faster (theirs excludes json.loads)"
  )
}
if options.hera,
  let line = python(
    """
    import sys, time, json
    from argo_workflows.model.io_argoproj_workflow_v1alpha1_workflow import IoArgoprojWorkflowV1alpha1Workflow as W
    from argo_workflows.model_utils import validate_and_convert_types
    from argo_workflows.configuration import Configuration
    c = Configuration(); t = open(sys.argv[1]).read(); t0 = time.perf_counter()
    validate_and_convert_types(json.loads(t), (W,), ["received_data"], True, True, configuration=c)
    print(f'{time.perf_counter() - t0:.4f}')
    """,
    arguments: [statusFile.path], interpreter: options.python), let seconds = Double(line)
{
  print(
    "  argo-workflows client (pip)  \(format(seconds))   ours is \(ratio(seconds, decodeStatus.seconds)) faster (both include JSON parsing)"
  )
} else if options.hera {
  print("  (argo-workflows not available in \(options.python): pip install argo-workflows)")
}
print("  (bench/README.md, same shape: json.loads 0.03 s, Hera's pydantic models 0.10 s, argo-workflows client 1.10 s)")

/// The best wall time of running a program, or nil when it cannot run.
func timeProcess(_ executable: String, _ arguments: [String], repetitions: Int) -> Double? {
  var best = Double.infinity
  for _ in 0..<max(1, repetitions) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let start = ContinuousClock.now
    do { try process.run() } catch { return nil }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let elapsed = start.duration(to: .now)
    best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
  }
  return best
}

enum DSLRenderPath {
  /// dsl-render, built beside this executable.
  static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dsl-render")
    .path
}

enum SharedDataPath {
  static func benchScript(_ name: String) -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.deletingLastPathComponent().appendingPathComponent("shared/bench/\(name)").path
  }
}
