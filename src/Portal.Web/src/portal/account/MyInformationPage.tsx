import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { formatCalendarDate } from '../../shared/format';
import { useI18n } from '../../shared/i18n/I18nProvider';
import type { Lang } from '../../shared/i18n/language';
import type { Translate } from '../../shared/i18n/translate';
import {
  CONTACT_METHOD_KEYS,
  COUNTRY_KEYS,
  HEALTH_CARD_KEYS,
  PATIENT_LANGUAGE_KEYS,
  SEX_KEYS,
  formatPhone,
  nameOf,
  regionName,
} from '../../shared/patientLabels';
import { QueryState } from '../../shared/QueryState';
import type { Navigate } from '../../shared/useLocationPath';
import { PAGE_NAME_KEYS, PortalPage } from '../PortalPage';
import { signInApi, type SignInIdType } from '../signIn/api';
import { accountApi, type PatientInformation } from './api';

interface Props {
  slug: string;
  clinicName: string;
  navigate: Navigate;
  onSessionEnded(): void;
}

/** My information: what the clinic has on record, read-only for now (changes go through the clinic). */
export function MyInformationPage({ slug, clinicName, navigate, onSessionEnded }: Props) {
  const { t } = useI18n();
  const information = useQuery({
    queryKey: ['portal', slug, 'information'],
    queryFn: ({ signal }) => accountApi.information(slug, signal),
  });
  // Only to name the clinic's own ID types; health cards are named by the page.
  const idTypes = useQuery({
    queryKey: ['portal', slug, 'sign-in-id-types'],
    queryFn: ({ signal }) => signInApi.idTypes(slug, signal),
  });

  return (
    <PortalPage slug={slug} clinicName={clinicName} title={t(PAGE_NAME_KEYS['my-information'])} homeLink navigate={navigate}>
      <QueryState query={information} onSessionEnded={onSessionEnded}>
        {(loaded) => (
          <>
            <p className="message note">{t('portal.info.readOnly')}</p>
            <Information information={loaded} idTypes={idTypes.data ?? null} />
          </>
        )}
      </QueryState>
    </PortalPage>
  );
}

function Information({ information, idTypes }: { information: PatientInformation; idTypes: SignInIdType[] | null }) {
  const { t, lang } = useI18n();
  const none = <span className="muted">{t('portal.info.none')}</span>;
  const { address } = information;
  return (
    <dl className="portal-details">
      <Detail label={t('portal.info.legalName')}>
        {t('portal.info.fullName', { given: information.legalGivenName, family: information.legalFamilyName })}
      </Detail>
      <Detail label={t('portal.info.preferredName')}>{information.preferredName ?? none}</Detail>
      <Detail label={t('portal.info.dateOfBirth')}>{formatCalendarDate(information.dateOfBirth, lang)}</Detail>
      <Detail label={t('portal.info.sex')}>{nameOf(SEX_KEYS, information.sex, t)}</Detail>
      <Detail label={t('portal.info.gender')}>{information.gender ?? none}</Detail>
      <Detail label={t('portal.info.identifiers')}>
        {information.identifiers.length > 0 ? (
          <ul className="plain-list">
            {information.identifiers.map((identifier) => (
              <li key={identifier.type}>
                <span className="portal-detail-note">{idTypeName(identifier.type, idTypes, lang, t)}</span>
                {identifier.versionCode
                  ? t('portal.info.identifierWithVersion', { number: identifier.number, version: identifier.versionCode })
                  : identifier.number}
              </li>
            ))}
          </ul>
        ) : (
          none
        )}
      </Detail>
      <Detail label={t('portal.info.emails')}>{information.emails.length > 0 ? <Lines values={information.emails} /> : none}</Detail>
      <Detail label={t('portal.info.mobiles')}>
        {information.mobiles.length > 0 ? <Lines values={information.mobiles.map(formatPhone)} /> : none}
      </Detail>
      <Detail label={t('portal.info.preferredContactMethod')}>{nameOf(CONTACT_METHOD_KEYS, information.preferredContactMethod, t)}</Detail>
      <Detail label={t('portal.info.preferredLanguage')}>{nameOf(PATIENT_LANGUAGE_KEYS, information.preferredLanguage, t)}</Detail>
      <Detail label={t('portal.info.address')}>
        {address ? (
          <Lines
            values={[
              address.line1,
              ...(address.line2 ? [address.line2] : []),
              t('portal.info.cityLine', {
                city: address.city,
                region: regionName(address.country, address.province, t),
                postalCode: address.postalCode,
              }),
              nameOf(COUNTRY_KEYS, address.country, t),
            ]}
          />
        ) : (
          none
        )}
      </Detail>
    </dl>
  );
}

/** A health card by its province and plan; one of the clinic's own types by its name in the page's language. */
function idTypeName(code: string, idTypes: SignInIdType[] | null, lang: Lang, t: Translate): string {
  const card = HEALTH_CARD_KEYS[code];
  if (card) {
    return t(card);
  }
  const own = idTypes?.find((type) => type.code === code);
  return (own && ((lang === 'fr' ? own.nameFr : own.nameEn) || own.nameEn || own.nameFr)) || code;
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="portal-detail">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Lines({ values }: { values: string[] }) {
  return (
    <>
      {values.map((value, index) => (
        <span className="portal-line" key={index}>
          {value}
        </span>
      ))}
    </>
  );
}
