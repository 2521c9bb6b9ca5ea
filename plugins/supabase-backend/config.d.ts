export interface Config {
  /** Supabase for Backstage. */
  supabase?: {
    /** The cluster projects are provisioned on. */
    kubernetes?: {
      /**
       * `local` starts the bundled local cluster and a throwaway PostgreSQL
       * (demo and tests only); `kubeconfig` reads a kubeconfig file;
       * `inCluster` uses the pod's service account; `config` takes url, token
       * and CA below.
       */
      type: 'local' | 'kubeconfig' | 'inCluster' | 'config';
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
      /** For `config`: skip TLS verification (never in production). */
      skipTLSVerify?: boolean;
      /** For `local`. */
      local?: {
        /** Port of the local Kubernetes API; a free one when omitted. */
        port?: number;
        /** Namespace that gets the demo Secrets `local-postgres-server` and `local-postgres`. */
        demoNamespace?: string;
        /** Where to write a kubeconfig for kubectl, relative to the backend. */
        kubeconfigPath?: string;
      };
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
     * decrypts). Required unless `kubernetes.type` is `local`, which has a
     * demo key.
     * @visibility secret
     */
    secretsEncryptionKey?: string | string[];
  };
}
