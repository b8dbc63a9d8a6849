{{- /* The search index: the text of every error in one script. Ours
       stems the words and shards an inverted index; a Hugo site would
       ship the documents and search them in the browser. */ -}}
{{- $docs := slice }}
{{- range (site.GetPage "/errors").Pages }}
{{- $docs = $docs | append (dict "code" .Params.code "title" .Title "summary" .Params.summary "messages" .Params.messages "aliases" .Params.aliases) }}
{{- end -}}
HC_SEARCH_LOAD("core",{{ jsonify $docs | safeJS }});
