# The obs services: build with the .NET 10 SDK, run on the ASP.NET Core runtime (the query API uses Kestrel).
# The product only: obs bench needs obs-bench (bench/Observability.Benchmarks), which is neither built nor copied here.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Observability.Cli -c Release -o /out --nologo \
 && mkdir -p dashboards pipelines \
 && cp -r dashboards pipelines /out/

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /out /app
RUN mkdir -p /app/data && chown -R $APP_UID /app/data
USER $APP_UID
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1
ENTRYPOINT ["dotnet", "/app/obs.dll"]
