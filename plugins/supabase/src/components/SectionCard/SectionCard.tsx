import { InfoCard } from '@backstage/core-components';
import { ReactNode } from 'react';

export interface SectionCardProps {
  title: string;
  subheader?: ReactNode;
  action?: ReactNode;
  noPadding?: boolean;
  children: ReactNode;
}

// InfoCard titles render as a plain span; a real heading lets screen readers
// and end-to-end tests find each section by name.
const headingProps = { component: 'h2' } as const;

/**
 * A titled card whose title is a level-2 heading, in a region named by that
 * title, so that each section can be found (and read) on its own.
 */
export function SectionCard(props: SectionCardProps) {
  const { title, subheader, action, noPadding, children } = props;
  return (
    <section aria-label={title}>
      <InfoCard
        title={title}
        subheader={subheader}
        action={action}
        noPadding={noPadding}
        titleTypographyProps={headingProps}
      >
        {children}
      </InfoCard>
    </section>
  );
}
