import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { CreateProjectButton } from '../CreateProjectButton';
import { ProjectsTable } from './ProjectsTable';

/** `/supabase`: every project the user may see. */
export function ProjectsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Supabase"
        subtitle="Self-hosted Supabase projects on your Kubernetes cluster"
      />
      <Content>
        <ContentHeader title="Projects">
          <CreateProjectButton />
        </ContentHeader>
        <ProjectsTable />
      </Content>
    </Page>
  );
}
