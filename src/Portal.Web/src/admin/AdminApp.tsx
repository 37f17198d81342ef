import { useEffect } from 'react';
import { ClinicAdminApp } from './clinic/ClinicAdminApp';
import { OperatorApp } from './operator/OperatorApp';
import { parseAdminPath } from './routes';
import { SetupPage, setupTokenFromHash } from './setup/SetupPage';
import { useLocationPath } from '../shared/useLocationPath';

/** admin.html: the clinic admin (/{clinic}/admin/...), the operator console (/admin/...) and the setup page (/admin/setup). */
export function AdminApp() {
  const [path, navigate, search] = useLocationPath();
  const { route, canonical } = parseAdminPath(path);

  useEffect(() => {
    if (canonical && canonical !== window.location.pathname) {
      window.history.replaceState(null, '', canonical + window.location.search + window.location.hash);
    }
  }, [canonical]);

  switch (route.area) {
    case 'setup':
      return <SetupPage token={setupTokenFromHash(window.location.hash)} />;
    case 'operator':
      return <OperatorApp page={route.page} navigate={navigate} />;
    case 'clinic':
      return <ClinicAdminApp key={route.slug} route={route} search={search} navigate={navigate} />;
  }
}
