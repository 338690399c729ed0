namespace Observability.Agent.Files;

/// <summary>Lists the paths that match the include globs and none of the exclude globs.</summary>
public sealed class FileDiscovery
{
    private readonly Glob[] _include;
    private readonly Glob[] _exclude;

    public FileDiscovery(IEnumerable<string> include, IEnumerable<string> exclude)
    {
        _include = include.Select(p => new Glob(p)).ToArray();
        _exclude = exclude.Select(p => new Glob(p)).ToArray();
    }

    /// <summary>Matching paths (any kind of entry but directories; the caller checks the type), each once.</summary>
    public IReadOnlyCollection<string> Scan()
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var glob in _include)
        {
            if (!Glob.HasWildcard(glob.Pattern))
            {
                if (File.Exists(glob.Pattern) && !IsExcluded(glob.Pattern))
                {
                    found.Add(glob.Pattern);
                }

                continue;
            }

            if (!Directory.Exists(glob.BaseDirectory))
            {
                continue;
            }

            var options = new EnumerationOptions
            {
                RecurseSubdirectories = glob.MaxDepth > 0,
                MaxRecursionDepth = glob.MaxDepth,
                IgnoreInaccessible = true,
                AttributesToSkip = 0,
                ReturnSpecialDirectories = false,
            };
            try
            {
                foreach (var path in Directory.EnumerateFiles(glob.BaseDirectory, "*", options))
                {
                    if (glob.IsMatch(path) && !IsExcluded(path))
                    {
                        found.Add(path);
                    }
                }
            }
            catch (IOException)
            {
                // A directory vanished mid-scan; the next scan sees the new state.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Whether a scan would list <paramref name="path"/> (an include glob matches it and no exclude glob does).</summary>
    public bool IsIncluded(string path)
    {
        foreach (var g in _include)
        {
            if (g.IsMatch(path))
            {
                return !IsExcluded(path);
            }
        }

        return false;
    }

    public bool IsExcluded(string path)
    {
        foreach (var g in _exclude)
        {
            if (g.IsMatch(path))
            {
                return true;
            }
        }

        return false;
    }
}
