import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../shared/i18n/I18nProvider';
import { getPublicPortal } from '../api';
import { registerPath } from '../routes';

/** "New patient? Register", on the sign-in page only while the clinic takes registrations (S3). */
export function RegisterLink({ slug }: { slug: string }) {
  const { t } = useI18n();
  const portal = useQuery({ queryKey: ['portal', slug, 'public'], queryFn: ({ signal }) => getPublicPortal(slug, signal) });
  if (!portal.data?.selfRegistrationEnabled) {
    return null;
  }
  return (
    <p className="portal-register-link">
      {t('portal.register.offer')} <a href={registerPath(slug)}>{t('portal.register.offer.link')}</a>
    </p>
  );
}
