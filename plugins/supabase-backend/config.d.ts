export interface Config {
  /** Supabase for Backstage. */
  supabase?: {
    /**
     * The short form for one cluster, for a Backstage without the
     * Kubernetes plugin's configuration. When unset, projects go to the
     * `config` clusters of `kubernetes.clusterLocatorMethods` (those with
     * `authProvider: serviceAccount` and a `serviceAccountToken`), the first
     * being the default.
     */
    kubernetes?: {
      /**
       * `kubeconfig` reads a kubeconfig file; `inCluster` uses the pod's
       * service account; `config` takes url, token and CA below.
       */
      type: 'kubeconfig' | 'inCluster' | 'config';
      /** The cluster's name, as `spec.cluster` gives it; default `default`. */
      name?: string;
      /** For `kubeconfig`: the file; defaults to KUBECONFIG or ~/.kube/config. */
      kubeconfigPath?: string;
      /** For `kubeconfig`: the context to use instead of the current one. */
      context?: string;
      /** For `config`: the API server URL. */
      url?: string;
      /**
       * For `config`: a service account token.
       * @visibility secret
       */
      token?: string;
      /** For `config`: the API server's CA certificate, PEM or base64 of PEM. */
      caData?: string;
      /** For `config`: a file with the API server's CA certificate. */
      caFile?: string;
      /** For `config`: skip TLS verification (never in production). */
      skipTLSVerify?: boolean;
    };
    dbInit?: {
      /** Image of the db-init Job; `{major}` is the server's PostgreSQL major (spec.database.majorVersion); default postgres:{major}-alpine. */
      image?: string;
      /** How long the Job waits for the database to accept connections; default 60. */
      waitSeconds?: number;
      /**
       * db-init Jobs started at a time per database server (by the host and
       * port of the project's database Secret); more projects wait in
       * InitializingDatabase for a turn. A whole number ≥ 1; default 4.
       */
      maxConcurrentRunsPerServer?: number;
    };
    /** How long DeployingComponents waits for Available; default 600. */
    componentTimeoutSeconds?: number;
    /** The periodic resync, the safety net behind watches; default 30. */
    resyncIntervalSeconds?: number;
    /** Watch owned objects (default true); false leaves only the resync. */
    watch?: boolean;
    /** How long a replica's claim on a project lasts; default 30. */
    leaseSeconds?: number;
    /**
     * The key the projects' generated keys (JWT secret, API keys, crypto
     * keys, dashboard credentials) are encrypted with in Backstage's
     * database: a random string of at least 32 characters, or a list of
     * them, newest first, to rotate it (the first encrypts, any of them
     * decrypts). Required.
     * @visibility secret
     */
    secretsEncryptionKey?: string | string[];
  };
}
