import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  StatusOK,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** The projects page. */
export function SupabasePage() {
  const discoveryApi = useApi(discoveryApiRef);
  const { fetch } = useApi(fetchApiRef);
  const health = useAsync(async () => {
    const baseUrl = await discoveryApi.getBaseUrl('supabase');
    const response = await fetch(`${baseUrl}/health`);
    if (!response.ok) {
      throw new Error(`The Supabase backend answered ${response.status}`);
    }
    return (await response.json()) as { status: string };
  }, [discoveryApi, fetch]);

  return (
    <Page themeId="tool">
      <Header
        title="Supabase"
        subtitle="Self-hosted Supabase projects on your Kubernetes cluster"
      />
      <Content>
        <ContentHeader title="Projects" />
        {health.loading && <Progress />}
        {health.error && <ResponseErrorPanel error={health.error} />}
        {health.value && (
          <Typography>
            <StatusOK>Backend {health.value.status}</StatusOK>
          </Typography>
        )}
      </Content>
    </Page>
  );
}
