// The help texts of `vigil run`, apart from the command so `vigil --help` does not load the app.

/** The flags of `vigil run` with their defaults, one per line, for the help texts. */
export const RUN_FLAGS = `  --config FILE               Configuration file; repeat to merge several (required).
  --web.listen-address ADDR   Address to listen on (default "0.0.0.0:9097").
  --web.external-url URL      URL under which Vigil is reached from outside.
  --web.route-prefix PATH     Prefix of every HTTP route (default: the path of --web.external-url).
  --web.config.file FILE      Prometheus web config file (TLS, basic auth).
  --storage.path DIR          Directory for Vigil's state (default "data/").
  --datasource.url URL        Prometheus API URL to query; overrides datasource.url of the config.
  --log.level LEVEL           One of debug, info, warn, error (default "info").
  --log.format FORMAT         One of logfmt, json (default "logfmt").
  --config.watch              Reload when a configuration file changes.
  -h, --help                  Show this help.
`;

/** The text of `vigil run --help`. */
export const RUN_USAGE = `Usage: vigil run --config FILE [--config FILE ...] [flags]

Runs the rule engine and the router on the given configuration files.

Flags:
${RUN_FLAGS}`;
