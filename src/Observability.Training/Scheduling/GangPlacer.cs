namespace Observability.Training.Scheduling;

/// <summary>
/// Gang placement: all ranks of a job get a worker, or none does. Each rank takes one slot and
/// <c>gpusPerRank</c> GPUs of one worker. Each rank goes to the worker with the most free slots (ties: most free
/// GPUs, then worker id), which balances load and keeps the choice deterministic.
/// </summary>
public static class GangPlacer
{
    public static List<RankPlacement>? TryPlace(IReadOnlyDictionary<string, Capacity> free, int worldSize, int gpusPerRank)
    {
        var left = free.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var placement = new List<RankPlacement>(worldSize);
        for (var rank = 0; rank < worldSize; rank++)
        {
            string? best = null;
            foreach (var (id, cap) in left.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (cap.Slots >= 1 && cap.Gpus >= gpusPerRank && (best is null || Score(cap) > Score(left[best])))
                {
                    best = id;
                }
            }

            if (best is null)
            {
                return null;
            }

            var c = left[best];
            left[best] = new Capacity(c.Slots - 1, c.Gpus - gpusPerRank);
            placement.Add(new RankPlacement(rank, best));
        }

        return placement;
    }

    private static long Score(Capacity c) => (long)c.Slots * 1000 + c.Gpus;
}
