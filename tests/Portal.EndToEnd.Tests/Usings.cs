global using Microsoft.Playwright;
global using Portal.TestKit.Browser;
global using static Microsoft.Playwright.Assertions;
