FROM golang:1.22
RUN go install golang.org/x/tools/gopls@v0.15.3 ./cmd/... && go install
RUN go install -ldflags "-s -w" github.com/go-delve/delve/cmd/dlv@v1.22.1 cmd/tool
