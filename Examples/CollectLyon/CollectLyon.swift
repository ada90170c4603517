import HeraExperiment

/// The seed's experiment: collect Lyon's CityGML for each vintage and borough, then list what
/// was collected.
///
/// The vintages are a Swift loop, unrolled when the workflow is built (one task per vintage);
/// the boroughs are an Argo loop (`withItems`), fanned out when it runs. Each collect task
/// writes into the folder the layout gives it on the environment's volume, and
/// `print-results` waits for all of them (the fan-in).
///
/// The real collect image (`collect-lyon-data`) downloads from Lyon's open data, which is not
/// reachable here: this experiment's collect step is a stand-in that writes CityGML files of
/// the same shape, so that it runs anywhere.
///
/// ```
/// swift run collect-lyon                                      # here, into .hera/volumes/lyon-data
/// swift run collect-lyon --vintages 2009 2012 2015 --boroughs LYON_1ER LYON_2EME
/// swift run collect-lyon --submit --watch                     # on the Argo Server of ARGO_SERVER
/// ```
@main
struct CollectLyon: ExperimentCommand {
  static let configuration = CommandConfiguration(
    commandName: "collect-lyon", abstract: "Collect Lyon's CityGML per vintage and borough, then list what was collected.")

  /// The claim the stages share, unless the settings name another.
  static let defaults = ExperimentDefaults(volumeClaim: "lyon-data", mountPath: "/within-container-mount-point")

  @OptionGroup var experiment: ExperimentOptions

  @Option(parsing: .upToNextOption, help: "The vintages (years) to collect.")
  var vintages: [String] = ["2009", "2012"]

  @Option(parsing: .upToNextOption, help: "The boroughs to collect, as Lyon's open data names them.")
  var boroughs: [String] = ["LYON_1ER", "LYON_8EME"]

  @Option(name: .customLong("experiment-folder"), help: "The experiment's folder on the volume.")
  var folder = "collect-lyon"

  func validate() throws {
    if vintages.isEmpty { throw ValidationError("give at least one vintage (--vintages 2009 2012)") }
    if boroughs.isEmpty { throw ValidationError("give at least one borough (--boroughs LYON_1ER LYON_8EME)") }
  }

  /// What it sweeps: the vintages and boroughs, each value once however often it is given.
  var inputs: ExperimentInputs {
    ExperimentInputs(parameters: Sweep(["vintage": vintages, "borough": boroughs]))
  }

  func workflow(_ environment: Environment) throws -> Workflow {
    let volume = try environment.requireVolume()
    let layout = ExperimentLayout(root: volume.path(folder))
    let collected = layout.stage(1, "collect")

    // The stand-in: a CityGML file with a few buildings, where the layout says, named as the
    // layout names a combination's file (`LYON_1ER_2009.gml` in `2009/LYON_1ER_2009/`).
    let collect = Container(
      "collect", image: environment.image("busybox:1.36"), command: ["sh", "-c"],
      args: [
        """
        set -e
        name="\(ArgoString.input("borough"))_\(ArgoString.input("vintage"))"
        dir="\(ArgoString.input("results-dir"))/$name"
        mkdir -p "$dir"
        file="$dir/$name.gml"
        printf '<?xml version="1.0" encoding="UTF-8"?>\\n<CityModel vintage="%s" borough="%s">\\n' \
          "\(ArgoString.input("vintage"))" "\(ArgoString.input("borough"))" > "$file"
        for building in 1 2 3; do
          printf '  <cityObjectMember><bldg:Building gml:id="%s_%s"/></cityObjectMember>\\n' "$name" "$building" >> "$file"
        done
        printf '</CityModel>\\n' >> "$file"
        echo "collected $file"
        """
      ]
    ) {
      Input("vintage")
      Input("borough")
      Input("results-dir")
    }
    .using(environment)

    let printResults = Container(
      "print-results", image: environment.image("busybox:1.36"), command: ["sh", "-c"],
      args: ["echo 'Collected:'; ls -R '\(collected.directory)'"]
    )
    .using(environment)

    return Workflow(generateName: "collect-lyon-", entrypoint: "main") {
      DAG("main") {
        // `Hera.Task` is the DSL's task, should Swift's own `Task` be meant elsewhere in the file.
        let done = Hera.Task("print-results", template: printResults)
        for vintage in inputs.parameters.values(of: "vintage") {
          Task(
            "collect-\(ExperimentLayout.nameSuffix(vintage))", template: collect,
            arguments: ["vintage": ArgoString(vintage), "borough": .item, "results-dir": ArgoString(collected.directory(for: vintage))]
          )
          .withItems(inputs.parameters.values(of: "borough"))
            >> done
        }
      }
    }
  }
}
