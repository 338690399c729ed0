// MSBuild inline task (RoslynCodeTaskFactory): retargets one symbol-version requirement of an ELF64 shared object.
// Only the vna_hash/vna_name of the matching Elf64_Vernaux entry change; file size and layout stay the same.
// The file is rewritten through a temporary copy, so a hard link into the NuGet cache is never modified.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class PatchGlibcxxVerneed : Task
{
    [Required] public ITaskItem[] Files { get; set; }
    [Required] public string From { get; set; }
    [Required] public string To { get; set; }

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var result = Patch(bytes, From, To);
                if (result == null) { Log.LogMessage(MessageImportance.Low, "{0}: no {1} requirement", path, From); continue; }
                var tmp = path + ".patching";
                File.WriteAllBytes(tmp, bytes);
                File.Delete(path);
                File.Move(tmp, path);
                Log.LogMessage(MessageImportance.High, "{0}: {1}", path, result);
            }
            catch (Exception e)
            {
                Log.LogError("could not patch {0}: {1}", path, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static string Patch(byte[] elf, string from, string to)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F') throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only little-endian ELF64 is supported");
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        const uint ShtGnuVerneed = 0x6ffffffe;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            uint link = BitConverter.ToUInt32(elf, (int)sh + 0x28);
            long strOff = (long)BitConverter.ToUInt64(elf, (int)(shoff + link * shentsize) + 0x18);
            long strSize = (long)BitConverter.ToUInt64(elf, (int)(shoff + link * shentsize) + 0x20);
            uint toName = FindString(elf, strOff, strSize, to);
            long vn = offset;
            while (true)
            {
                int cnt = BitConverter.ToUInt16(elf, (int)vn + 2);
                uint aux = BitConverter.ToUInt32(elf, (int)vn + 8), next = BitConverter.ToUInt32(elf, (int)vn + 12);
                long va = vn + aux;
                for (int k = 0; k < cnt; k++)
                {
                    uint name = BitConverter.ToUInt32(elf, (int)va + 8);
                    if (ReadString(elf, strOff + name) == from)
                    {
                        if (toName == uint.MaxValue) throw new InvalidDataException("the string table has no " + to);
                        BitConverter.GetBytes(ElfHash(to)).CopyTo(elf, (int)va);
                        BitConverter.GetBytes(toName).CopyTo(elf, (int)va + 8);
                        return "version requirement " + from + " retargeted to " + to;
                    }
                    uint vnaNext = BitConverter.ToUInt32(elf, (int)va + 12);
                    if (vnaNext == 0) break;
                    va += vnaNext;
                }
                if (next == 0) break;
                vn += next;
            }
        }
        return null;
    }

    private static uint FindString(byte[] elf, long start, long size, string s)
    {
        var needle = Encoding.ASCII.GetBytes(s + "\0");
        for (long p = start; p + needle.Length <= start + size; p++)
        {
            if (p != start && elf[p - 1] != 0) continue;
            bool match = true;
            for (int j = 0; j < needle.Length && match; j++) match = elf[p + j] == needle[j];
            if (match) return (uint)(p - start);
        }
        return uint.MaxValue;
    }

    private static string ReadString(byte[] elf, long p)
    {
        long e = p;
        while (elf[e] != 0) e++;
        return Encoding.ASCII.GetString(elf, (int)p, (int)(e - p));
    }

    private static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (char c in name)
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }
}
