using System.Collections.ObjectModel;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Abaco.Dashboard.Tests;

/// <summary>
/// One headless Chromium driven through chromedriver (Debian's <c>chromium</c> and <c>chromium-driver</c>, which
/// <c>scripts/ensure-deps.sh</c> installs), with the browser's console log kept so a spec can assert that a page
/// logged no error. Waits poll the page against a deadline; nothing sleeps.
/// </summary>
public sealed class Browser : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ChromeDriver _driver;

    public Browser()
    {
        var driverPath = Find("chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        var options = new ChromeOptions
        {
            // The binary itself, not Debian's /usr/bin/chromium launcher script.
            BinaryLocation = Find("chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium"),
        };
        // Root in a container: no sandbox; /dev/shm may be tiny.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!,
            Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public IWebDriver Driver => _driver;

    public void Open(Uri url) => _driver.Navigate().GoToUrl(url);

    public object? Script(string script, params object[] args) => _driver.ExecuteScript(script, args);

    /// <summary>
    /// Forgets the node's session storage (the dashboard's credential) on a page of the same origin that is not the
    /// dashboard (so nothing is requested with the old credential), drains the console, then opens <paramref name="url"/>.
    /// </summary>
    public void OpenSignedOut(Uri url)
    {
        Open(new Uri(url, "/healthz/live"));
        Script("sessionStorage.clear();");
        ConsoleSinceLastRead();
        Open(url);
    }

    /// <summary>The first element <paramref name="css"/> selects once one is there (and, if given, holds the text).</summary>
    public async Task<IWebElement> WaitForAsync(string css, string? containing = null)
    {
        IWebElement? found = null;
        await Eventually.TrueAsync(() =>
        {
            try
            {
                found = _driver.FindElements(By.CssSelector(css))
                    .FirstOrDefault(e => containing is null || e.Text.Contains(containing, StringComparison.Ordinal));
            }
            catch (StaleElementReferenceException)
            {
                found = null; // the page re-rendered while it was read: look again
            }
            return Task.FromResult(found is not null);
        }, Deadline, $"'{css}'{(containing is null ? "" : $" holding \"{containing}\"")} on {_driver.Url}\n{PageText()}");
        return found!;
    }

    /// <summary>Clicks what <paramref name="css"/> selects, looking again if the page re-rendered it meanwhile.</summary>
    public async Task ClickAsync(string css)
    {
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                (await WaitForAsync(css)).Click();
                return true;
            }
            catch (StaleElementReferenceException)
            {
                return false;
            }
        }, Deadline, $"to click '{css}'");
    }

    public ReadOnlyCollection<IWebElement> All(string css) => _driver.FindElements(By.CssSelector(css));

    public string PageText()
    {
        try
        {
            return _driver.FindElement(By.TagName("body")).Text;
        }
        catch (WebDriverException)
        {
            return "(no page)";
        }
    }

    /// <summary>What the page logged to the console since the last call (the log is drained as it is read).</summary>
    public IReadOnlyList<LogEntry> ConsoleSinceLastRead() => _driver.Manage().Logs.GetLog(LogType.Browser);

    /// <summary>Asserts the console took no error (SEVERE: script errors, failed requests) since the last read.</summary>
    public void AssertNoConsoleErrors()
    {
        var errors = ConsoleSinceLastRead().Where(e => e.Level >= LogLevel.Severe).Select(e => e.Message).ToList();
        Assert.True(errors.Count == 0, "The browser's console logged errors:\n" + string.Join('\n', errors));
    }

    /// <summary>The first of <paramref name="candidates"/> that exists; else says how to install it.</summary>
    private static string Find(string what, params string[] candidates) =>
        candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            $"{what} is not installed ({string.Join(", ", candidates)}); run scripts/ensure-deps.sh as root.");

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }
}
