import HeraExperiment

/// Checks the environment of execution from inside it: a container prints what it sees (its
/// host, its user, the proxy variables the ConfigMap gives it, the volume's mount) and lists the
/// volume, so that a new cluster, claim or ConfigMap can be tried before an experiment uses it.
///
/// ```
/// swift run environment-check                                    # here: the volume is .hera/volumes/lyon-data
/// swift run environment-check --submit --wait --k8s-volume-claim-name my-claim --k8s-configmap-name proxy
/// ```
@main
struct EnvironmentCheck: ExperimentCommand {
  static let configuration = CommandConfiguration(
    commandName: "environment-check", abstract: "Print the environment a container gets, and list the volume.")

  static let defaults = ExperimentDefaults(volumeClaim: "lyon-data", mountPath: "/within-container-mount-point")

  @OptionGroup var experiment: ExperimentOptions

  func workflow(_ environment: Environment) throws -> Workflow {
    let volume = try environment.requireVolume()
    let proxies = environment.configMaps.filter(\.asEnvironment).map(\.name)
    let report = Container(
      "report", image: environment.image("busybox:1.36"), command: ["sh", "-c"],
      args: [
        """
        echo "host: $(hostname)"
        echo "user: $(id -u):$(id -g)"
        echo "proxy ConfigMaps: \(proxies.isEmpty ? "none" : proxies.joined(separator: ", "))"
        for name in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
          eval "value=\\${$name:-}"
          if [ -n "$value" ]; then echo "  $name=$value"; fi
        done
        echo "volume \(volume.claimName) at \(volume.mountPath):"
        mkdir -p "\(volume.mountPath)/environment-check"
        date > "\(volume.mountPath)/environment-check/last-check"
        ls -la "\(volume.mountPath)"
        echo "free space:"
        df -h "\(volume.mountPath)" | tail -n 1
        """
      ]
    )
    .using(environment)
    return Workflow(generateName: "environment-check-", entrypoint: "report") { report }
  }
}
