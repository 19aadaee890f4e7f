# 층 이름과 인자를 모두 적기 / every argument spelled out
def build_cnn(num_filters=(16, 32), dropout_rate=0.5, num_classes=10):
    """작은 합성곱 신경망 (컴파일됨) / A small compiled convolutional network."""
    f1, f2 = num_filters
    model = keras.Sequential()
    model.add(keras.Input(shape=(28, 28, 1)))
    model.add(layers.Conv2D(filters=f1, kernel_size=(3, 3), padding="valid", activation="relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Conv2D(filters=f2, kernel_size=(3, 3), padding="valid", activation="relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Flatten())
    model.add(layers.Dropout(rate=dropout_rate))
    model.add(layers.Dense(num_classes, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
