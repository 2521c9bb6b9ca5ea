import { LinkButton } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import AddIcon from '@material-ui/icons/Add';
import {
  DEFAULT_CREATE_PROJECT_PATH,
  createProjectRouteRef,
} from '../../routes';

/**
 * Opens the Supabase project software template: the app's binding of the
 * `createProject` external route when there is one, else the template's
 * default scaffolder path.
 */
export function CreateProjectButton() {
  const createLink = useRouteRef(createProjectRouteRef);
  return (
    <LinkButton
      to={createLink?.() ?? DEFAULT_CREATE_PROJECT_PATH}
      variant="contained"
      color="primary"
      startIcon={<AddIcon />}
    >
      Create project
    </LinkButton>
  );
}
