FROM ruby:3.3
RUN gem install bundler -v 2.5.6
RUN gem install rails:7.1.3 ./local.gem --no-document
RUN gem install --version=1.16.0 nokogiri
