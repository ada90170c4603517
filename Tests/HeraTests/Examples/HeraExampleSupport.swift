import Hera

/// The lines Hera puts before every script's body so that the script can import the project's
/// own modules.
let heraPreamble = "import os\nimport sys\nsys.path.append(os.getcwd())\n"

/// A Python script's source as Hera writes it: the preamble, then for each input parameter a
/// line that reads it as JSON (or as text when it is not JSON), then the function's body.
func heraSource(_ body: String, loading parameters: [String] = []) -> ArgoString {
  var text = heraPreamble
  if !parameters.isEmpty {
    text += "import json\n"
    for parameter in parameters {
      text += "try: \(parameter) = json.loads(r'''{{inputs.parameters.\(parameter)}}''')\n"
      text += "except: \(parameter) = r'''{{inputs.parameters.\(parameter)}}'''\n"
    }
    text += "\n"
  }
  return ArgoString(text + body)
}

/// A Python script template as Hera's `@script()` writes it, with one input per parameter.
/// Hera loads the parameters in the order of their names.
func pythonScript(
  _ name: String, image: String = "python:3.10", inputs: [Parameter], _ body: String
) -> Script {
  let script = Script(name, image: image, command: ["python"], source: heraSource(body, loading: inputs.map(\.name).sorted()))
  return inputs.isEmpty ? script : script.inputs(inputs)
}

func pythonScript(
  _ name: String, image: String = "python:3.10", parameters: [String] = [], _ body: String
) -> Script {
  pythonScript(name, image: image, inputs: parameters.map { Parameter(name: $0) }, body)
}

/// A script template run by Hera's runner (`hera.workflows.runner`), which reads the inputs
/// itself and writes the outputs under `outputsDirectory`.
func runnerScript(
  _ name: String, image: String = "python:3.10", entry: String, outputsDirectory: String? = nil,
  @TemplateIOBuilder io: () -> TemplateIO = { TemplateIO() }
) -> Script {
  let script = Script(
    name, image: image, command: ["python"], args: ["-m", "hera.workflows.runner", "-e", "examples.workflows.\(entry)"],
    source: "{{inputs.parameters}}", io: io)
  guard let outputsDirectory else { return script }
  return script.env(["hera__outputs_directory": ArgoString(outputsDirectory)])
}

/// An output artifact that is not archived.
func unarchived(_ name: String, path: String) -> OutputArtifact {
  OutputArtifact(name, path: path).with { $0.archive = ArchiveStrategy(none: NoneStrategy()) }
}

/// The environment variables of Hera's env examples.
let exampleEnv: [EnvVar] = [
  EnvVar(name: "test", value: "1"),
  EnvVar(name: "s1", valueFrom: EnvVarSource(secretKeyRef: SecretKeySelector(name: "abc", key: "s1"))),
  EnvVar(name: "r1", valueFrom: EnvVarSource(resourceFieldRef: ResourceFieldSelector(resource: "abc"))),
  EnvVar(name: "c1", valueFrom: EnvVarSource(configMapKeyRef: ConfigMapKeySelector(name: "abc", key: "c1"))),
]

let exampleEnvFrom: [EnvFromSource] = [
  EnvFromSource(prefix: "abc", secretRef: SecretEnvSource(name: "secret", optional: false)),
  EnvFromSource(configMapRef: ConfigMapEnvSource(name: "configmap", optional: false), prefix: "abc"),
]

extension Examples {
  /// Hera's examples outside `upstream/`, folder by folder.
  static let heraFolders: [GoldenExample] =
    miscFolder + dagsFolder + scriptsFolder + stepsFolder + loopsFolder + artifactsFolder + useCasesFolder + heraRunnerFolder
}
