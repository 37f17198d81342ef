return await Portal.Host.PortalHost.RunAsync(args);
